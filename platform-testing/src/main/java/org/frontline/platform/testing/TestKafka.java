package org.frontline.platform.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka broker (KRaft, single node) for the test JVM, run in a child JVM from the test classpath
 * (the {@code kafka_2.13} jars). Started once per JVM and shared across Quarkus restarts; tests can
 * {@link #stop()} and {@link #start()} it to simulate an outage: it comes back on the same port with the
 * same data.
 *
 * <p>If {@code FRONTLINE_TEST_KAFKA_BOOTSTRAP} is set, that broker is used instead and
 * {@link #controllable()} is false.
 */
public final class TestKafka {

    /** The topics of the design, created with 3 partitions each; automatic topic creation is off. */
    public static final List<String> STANDARD_TOPICS = List.of(
            "screening.events", "roster.events", "supplies.events", "alert.events",
            "screening.events.dlq", "roster.events.dlq", "supplies.events.dlq", "alert.events.dlq");

    private TestKafka() {
    }

    public static synchronized String ensureStarted() {
        String external = JvmWide.env("FRONTLINE_TEST_KAFKA_BOOTSTRAP");
        if (external != null) {
            return external;
        }
        if (JvmWide.get("kafka.port") == null) {
            // a fresh broker for every test JVM: topics left by an earlier run would leak into assertions
            deleteRecursively(JvmWide.workDir().resolve("kafka"));
            JvmWide.set("kafka.port", Integer.toString(JvmWide.freePort()));
            JvmWide.set("kafka.controller-port", Integer.toString(JvmWide.freePort()));
            start();
            createTopics(STANDARD_TOPICS, 3);
        } else if (!running()) {
            start();
        }
        return bootstrapServers();
    }

    public static boolean controllable() {
        return JvmWide.env("FRONTLINE_TEST_KAFKA_BOOTSTRAP") == null;
    }

    public static String bootstrapServers() {
        String external = JvmWide.env("FRONTLINE_TEST_KAFKA_BOOTSTRAP");
        return external != null ? external : "127.0.0.1:" + JvmWide.get("kafka.port");
    }

    public static boolean running() {
        String pid = JvmWide.get("kafka.pid");
        return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Starts the broker (again) on its port, with the data it had, and waits until it answers. */
    public static synchronized void start() {
        requireControllable();
        if (running()) {
            return;
        }
        try {
            Path dir = JvmWide.workDir().resolve("kafka");
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            Files.writeString(config, serverProperties(dir));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Dlog4j2.level=WARN",
                    "-cp", System.getProperty("java.class.path"),
                    KafkaBrokerMain.class.getName(), config.toString(),
                    Long.toString(ProcessHandle.current().pid())));
            File log = dir.resolve("broker.log").toFile();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            JvmWide.set("kafka.pid", Long.toString(process.pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(process.toHandle()),
                    "frontline-test-kafka-stop"));
            awaitReady(Duration.ofSeconds(60), log);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka broker", e);
        }
    }

    /** Stops the broker and waits until its process is gone (its port then refuses connections). */
    public static synchronized void stop() {
        requireControllable();
        String pid = JvmWide.get("kafka.pid");
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(TestKafka::stopQuietly);
        }
    }

    public static void createTopics(List<String> topics, int partitions) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + topics, e);
        }
    }

    public static Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            throw new IllegalStateException("cannot clean " + dir, e);
        }
    }

    private static void requireControllable() {
        if (!controllable()) {
            throw new IllegalStateException("the Kafka broker was provided by the environment "
                    + "(FRONTLINE_TEST_KAFKA_BOOTSTRAP); this test needs a broker it can stop and start");
        }
    }

    private static void stopQuietly(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    private static void awaitReady(Duration timeout, File log) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!running()) {
                throw new IllegalStateException("the test Kafka broker exited; see " + log);
            }
            if (!listening()) { // no admin client before the port opens: it would only log warnings
                Thread.sleep(100);
                continue;
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the test Kafka broker did not become ready; see " + log, last);
    }

    private static boolean listening() {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(JvmWide.get("kafka.port"))), 200);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String serverProperties(Path dir) {
        String port = JvmWide.get("kafka.port");
        String controllerPort = JvmWide.get("kafka.controller-port");
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", "100000");
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }
}
