package org.frontline.platform.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A module's packaged application ({@code target/quarkus-app/quarkus-run.jar}) run as a child process, the way
 * it runs in production: for tests that restart it, stop it with SIGTERM in the middle of work, or run two
 * replicas against one database and broker.
 *
 * <pre>{@code
 * try (AppProcess app = AppProcess.builder("gateway").config(Map.of("quarkus.datasource.jdbc.url", url)).start()) {
 *     app.awaitReady(Duration.ofSeconds(90));
 *     ... app.url() ...
 *     int exit = app.stop(Duration.ofSeconds(60)); // SIGTERM, graceful
 * }
 * }</pre>
 *
 * Each start gets a free HTTP port ({@link #port()}); the config map is passed as {@code -D} system properties
 * (they override the app's {@code application.properties}), the environment map as environment variables.
 * Output goes to {@code target/app-logs/<name>-<n>.log}. A process still running when the test JVM exits is
 * killed.
 */
public final class AppProcess implements AutoCloseable {

    private static final AtomicInteger STARTS = new AtomicInteger();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));

        private Builder(String name) {
            this.name = name;
        }

        /** The packaged app; default {@code target/quarkus-app/quarkus-run.jar} of the module under test. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** Replaces the default JVM options ({@code -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}). */
        public Builder jvmArgs(String... args) {
            jvmArgs.clear();
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /** Starts the process on a free port; does not wait for it (see {@link AppProcess#awaitReady}). */
        public AppProcess start() {
            Path runJar = jar.toAbsolutePath();
            if (!Files.isRegularFile(runJar)) {
                throw new IllegalStateException(runJar + " does not exist: package the module first (mvnw package)");
            }
            int port = JvmWide.freePort();
            try {
                Path logs = Path.of("target", "app-logs").toAbsolutePath();
                Files.createDirectories(logs);
                Path log = logs.resolve(name + "-" + STARTS.incrementAndGet() + ".log");
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmArgs);
                command.add("-Dquarkus.http.port=" + port);
                config.forEach((k, v) -> command.add("-D" + k + "=" + v));
                command.add("-jar");
                command.add(runJar.toString());
                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory(runJar.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().putAll(env);
                Process process = pb.start();
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "app-process-kill-" + name));
                return new AppProcess(name, process, port, log);
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + name, e);
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until {@code /q/health/ready} answers 200 (UP). */
    public AppProcess awaitReady(Duration timeout) {
        return awaitHealth("/q/health/ready", timeout);
    }

    /** Waits until {@code /q/health/live} answers 200. */
    public AppProcess awaitLive(Duration timeout) {
        return awaitHealth("/q/health/live", timeout);
    }

    public AppProcess awaitHealth(String path, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + path
                        + " was UP; log " + log + ":\n" + tail(40));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " did not report " + path + " UP within " + timeout + " (last: " + last
                + "); log " + log + ":\n" + tail(40));
    }

    /**
     * Stops the app as an orchestrator does: SIGTERM, then waits for it to exit; kills it if it has not
     * exited within the timeout and fails. Returns the exit code.
     */
    public int stop(Duration timeout) {
        process.destroy(); // SIGTERM on Linux
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not exit within " + timeout + " of SIGTERM; killed. Log " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** SIGKILL: the app gets no chance to finish anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the app's output, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
