package org.frontline.drill.api;

import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the drill's requests did: counts and a latency histogram (HdrHistogram, microseconds, 3 significant digits).
 * {@link #interval()} hands out the latencies since the last call (for the progress line and the benchmark's time
 * series); {@link #total} keeps them all.
 */
public final class Stats {

    public final AtomicLong requests = new AtomicLong();
    /** answers that were not 2xx after the client's own retries (the 4xx the player asked for are not counted). */
    public final AtomicLong errors = new AtomicLong();
    /** transport failures and 502/503/504 sent again by the client (same body, same idempotency key). */
    public final AtomicLong transportRetries = new AtomicLong();
    /** writes the player sent twice on purpose (the flaky network). */
    public final AtomicLong deliberateRetries = new AtomicLong();

    /** answers 500 (every attempt: a 500 is never a fault the suite may answer, retried or not). */
    public final AtomicLong http500 = new AtomicLong();
    /** answers 5xx of any kind, every attempt (502/503 included: the gateway could not reach a service). */
    public final AtomicLong http5xx = new AtomicLong();

    /** Counts an answer's status. */
    public void answered(int status) {
        if (status >= 500) {
            http5xx.incrementAndGet();
            if (status == 500) {
                http500.incrementAndGet();
            }
        }
    }

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);

    public void record(long micros) {
        recorder.recordValue(Math.max(1, micros));
    }

    /** The latencies since the previous call; also added to {@link #total()}. */
    public synchronized Histogram interval() {
        Histogram h = recorder.getIntervalHistogram();
        total.add(h);
        return h;
    }

    /** Every latency recorded so far. */
    public synchronized Histogram total() {
        interval();
        return total.copy();
    }
}
