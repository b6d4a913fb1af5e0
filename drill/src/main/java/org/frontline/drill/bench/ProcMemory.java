package org.frontline.drill.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Memory of the local run's components from /proc: the pids in {@code <state>/pids/*.pid} (deploy/local/frontline
 * writes one per component it launched: each service, PostgreSQL, Kafka, Keycloak), each with its descendants (a
 * PostgreSQL server is a postmaster and its backends). Per component the sum of the tree's RSS ({@code VmRSS} of
 * /proc/PID/status) and, where the kernel offers it, of its PSS (/proc/PID/smaps_rollup: shared pages divided among
 * the processes sharing them, so PostgreSQL's shared buffers count once). Nothing is measured when the pid files are
 * not there or not this machine's (a remote suite).
 */
public final class ProcMemory {

    /** One component's memory now: RSS and PSS in KiB (PSS -1 when not readable), processes in its tree. */
    public record Usage(long rssKb, long pssKb, int processes) {
    }

    private final Path pidsDir;
    private final Path proc;

    public ProcMemory(Path stateDir) {
        this(stateDir.resolve("pids"), Path.of("/proc"));
    }

    ProcMemory(Path pidsDir, Path proc) {
        this.pidsDir = pidsDir;
        this.proc = proc;
    }

    /**
     * The local run's state directory: {@code frontline.state} (system property), else {@code FRONTLINE_STATE}, else
     * {@code .frontline} of the current directory.
     */
    public static Path stateDir() {
        String s = System.getProperty("frontline.state");
        if (s == null || s.isBlank()) {
            s = System.getenv("FRONTLINE_STATE");
        }
        return Path.of(s == null || s.isBlank() ? ".frontline" : s).toAbsolutePath().normalize();
    }

    /** The components whose pid file names a live process here (name → pid), by name. */
    public Map<String, Long> components() {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.isDirectory(pidsDir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pidsDir, "*.pid")) {
            for (Path f : files) {
                try {
                    long pid = Long.parseLong(Files.readString(f).trim());
                    if (Files.isReadable(proc.resolve(pid + "/status"))) {
                        out.put(f.getFileName().toString().replaceFirst("\\.pid$", ""), pid);
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // not a live pid of this machine
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Each component's memory now (components whose process is gone are left out). */
    public Map<String, Usage> sample() {
        Map<String, Long> components = components();
        Map<String, Usage> out = new LinkedHashMap<>();
        if (components.isEmpty()) {
            return out;
        }
        Map<Long, List<Long>> children = children();
        components.forEach((name, pid) -> {
            long rss = 0;
            long pss = 0;
            int n = 0;
            boolean pssKnown = true;
            List<Long> todo = new ArrayList<>(List.of(pid));
            while (!todo.isEmpty()) {
                long p = todo.remove(todo.size() - 1);
                long r = rssKb(p);
                if (r < 0) {
                    continue;
                }
                n++;
                rss += r;
                long ps = pssKb(p);
                pssKnown &= ps >= 0;
                pss += Math.max(0, ps);
                todo.addAll(children.getOrDefault(p, List.of()));
            }
            if (n > 0) {
                out.put(name, new Usage(rss, pssKnown ? pss : -1, n));
            }
        });
        return out;
    }

    /** VmRSS of one process in KiB; -1 when it is gone or not readable. */
    public long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            return 0; // a kernel thread or a zombie: no RSS line
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Pss of one process in KiB (smaps_rollup); -1 when not readable. */
    public long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** parent pid → its children, from every /proc/PID/stat. */
    Map<Long, List<Long>> children() {
        Map<Long, List<Long>> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    long pid = Long.parseLong(d.getFileName().toString());
                    long ppid = parentOf(Files.readString(d.resolve("stat")));
                    out.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid);
                } catch (IOException | RuntimeException ignored) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The parent pid in a /proc/PID/stat line: {@code pid (comm) state ppid …}, where comm may hold spaces and ')'. */
    static long parentOf(String stat) {
        int close = stat.lastIndexOf(')');
        String[] rest = stat.substring(close + 2).split(" ");
        return Long.parseLong(rest[1]);
    }
}
