package org.frontline.drill.play;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.frontline.drill.api.Stats;

/**
 * The live progress line: one line on stderr, rewritten in place twice a second — phase, simulated day, requests,
 * requests/s (since the last update), errors, retries (deliberate + transport) and whatever {@code extra} adds (the
 * benchmark's lag). Off a terminal ({@code System.console() == null}) it prints a plain line every 5 s instead.
 * {@link #close()} prints the final line and a newline.
 */
public final class Progress implements AutoCloseable {

    private final Stats stats;
    private final PrintStream out;
    private final boolean terminal;
    private final AtomicReference<String> phase = new AtomicReference<>("");
    private volatile Supplier<String> extra = () -> "";
    private volatile int day = -1;
    private volatile int days;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastRequests;
    private long lastNanos = System.nanoTime();
    private final long started = System.nanoTime();
    private int lastLength;

    public Progress(Stats stats, PrintStream out) {
        this(stats, out, System.console() != null);
    }

    public Progress(Stats stats, PrintStream out, boolean terminal) {
        this.stats = stats;
        this.out = out;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "drill-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void phase(String name) {
        phase.set(name);
    }

    public void day(int index, int of) {
        this.day = index;
        this.days = of;
    }

    /** More to show at the end of the line (e.g. the benchmark's "lag p99 120 ms"). */
    public void extra(Supplier<String> extra) {
        this.extra = extra == null ? () -> "" : extra;
    }

    private void loop() {
        long every = terminal ? 500 : 5000;
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                print(false);
            }
        }
    }

    synchronized String line() {
        long now = System.nanoTime();
        long requests = stats.requests.get();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        double rate = (requests - lastRequests) / seconds;
        lastRequests = requests;
        lastNanos = now;
        String d = day < 0 ? "" : String.format(Locale.ROOT, " day %d/%d |", day + 1, days);
        String x = extra.get();
        return String.format(Locale.ROOT, "%s |%s %,d requests | %.0f req/s | errors %d | retries %d+%d | %ds%s",
                phase.get(), d, requests, rate, stats.errors.get(), stats.deliberateRetries.get(),
                stats.transportRetries.get(), (now - started) / 1_000_000_000L, x.isEmpty() ? "" : " | " + x);
    }

    private synchronized void print(boolean last) {
        String l = line();
        if (terminal) {
            String pad = l.length() < lastLength ? " ".repeat(lastLength - l.length()) : "";
            out.print("\r" + l + pad + (last ? "\n" : ""));
            lastLength = l.length();
        } else {
            out.println(l);
        }
        out.flush();
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        print(true);
    }
}
