package org.frontline.drill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine a benchmark ran on: cores, {@code nproc}, CPU model, total memory, Java, OS, date and command line. */
final class MachineFacts {

    private MachineFacts() {
    }

    static Benchmark.Machine collect() {
        String cpu = "unknown";
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            List<String> info = Files.readAllLines(Path.of("/proc/cpuinfo"));
            cores = (int) Math.max(1, info.stream().filter(l -> l.startsWith("processor")).count());
            cpu = info.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the JVM's count
        }
        long memMb = -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memMb = Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return new Benchmark.Machine(cores, nproc(), cpu, memMb,
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(), command());
    }

    static String nproc() {
        try {
            Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out
                    : String.valueOf(Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            return String.valueOf(Runtime.getRuntime().availableProcessors());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return String.valueOf(Runtime.getRuntime().availableProcessors());
        }
    }

    /** This process's command line (the drill's arguments; a --password value is masked). */
    static String command() {
        String cmd = ProcessHandle.current().info().commandLine()
                .orElse(System.getProperty("sun.java.command", "unknown"));
        return cmd.replaceAll("(--password[= ])\\S+", "$1***");
    }
}
