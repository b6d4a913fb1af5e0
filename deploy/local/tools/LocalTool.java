import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Small helpers for the local run (deploy/local/frontline), run as a single-file Java program on the
 * classpath of the Kafka and PostgreSQL jars the script fetched:
 *
 * <pre>
 * pg-init  JDBC_URL SUPERUSER SECRETS NAME...  one login + database per service; passwords from the files
 *                                             SECRETS/postgres (superuser) and SECRETS/db-NAME (set every run)
 * topics   BOOTSTRAP PARTITIONS TOPIC...       create missing topics
 * find     BOOTSTRAP TOPIC TEXT TIMEOUT_S      wait for a record whose value contains TEXT; print its ce_* headers
 * redrive  BOOTSTRAP TOPIC.dlq                 copy dead letters back to their topic once (platform's DeadLetterRedrive;
 *                                              needs the platform jar on the classpath)
 * poison   BOOTSTRAP MARKER                    one poison message on each .events topic (a real event type, a body
 *                                              that is no JSON, MARKER in key and body): the faults command's
 * dead-letters BOOTSTRAP SINCE_MS MARKER       the records on the four .dlq topics since SINCE_MS: per topic how many
 *                                              carry MARKER (the poison) and how many do not; exit 1 when any does not
 * </pre>
 */
public class LocalTool {

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "pg-init" -> pgInit(args[1], args[2], Path.of(args[3]), List.of(args).subList(4, args.length));
            case "topics" -> topics(args[1], Integer.parseInt(args[2]), List.of(args).subList(3, args.length));
            case "find" -> System.exit(find(args[1], args[2], args[3], Integer.parseInt(args[4])) ? 0 : 1);
            case "redrive" -> redrive(args[1], args[2]);
            case "validate-xml" -> validateXml(Path.of(args[1]), Path.of(args[2]));
            case "poison" -> poison(args[1], args[2]);
            case "dead-letters" -> System.exit(deadLetters(args[1], Long.parseLong(args[2]), args[3]) ? 0 : 1);
            default -> {
                System.err.println("usage: LocalTool pg-init|topics|find|redrive ...");
                System.exit(2);
            }
        }
    }

    /**
     * The logic lives in the platform (org.frontline.platform.inbox.DeadLetterRedrive, tested there) so an operator
     * on Kubernetes runs the same code; looked up by name so this file compiles without the platform jar.
     */
    static void redrive(String bootstrap, String deadLetterTopic) throws Exception {
        Class<?> redrive = Class.forName("org.frontline.platform.inbox.DeadLetterRedrive");
        redrive.getMethod("main", String[].class).invoke(null, (Object) new String[] { bootstrap, deadLetterTopic });
    }

    static void pgInit(String url, String superuser, Path secrets, List<String> names) throws Exception {
        try (Connection c = DriverManager.getConnection(url, superuser, password(secrets.resolve("postgres")));
                Statement st = c.createStatement()) {
            for (String name : names) {
                if (!name.matches("[a-z][a-z0-9_]*")) {
                    throw new IllegalArgumentException("bad name " + name);
                }
                String password = password(secrets.resolve("db-" + name));
                if (!exists(st, "select 1 from pg_roles where rolname = '" + name + "'")) {
                    st.execute("create role " + name + " login");
                }
                // every run: an installation from before generated secrets had password = name
                st.execute("alter role " + name + " login password '" + password + "'");
                if (!exists(st, "select 1 from pg_database where datname = '" + name + "'")) {
                    st.execute("create database " + name + " owner " + name);
                }
            }
        }
    }

    /** A generated secret: letters and digits only, so it can be quoted in SQL as it is. */
    static String password(Path file) throws Exception {
        String secret = Files.readString(file).strip();
        if (!secret.matches("[A-Za-z0-9]{16,}")) {
            throw new IllegalArgumentException(file + " must hold 16 or more letters and digits");
        }
        return secret;
    }

    static boolean exists(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    /** An event type each topic's consumers read, so the poison reaches their parsing (not skipped unread). */
    static final Map<String, String> POISON_TYPES = Map.of(
            "screening.events", "frontline.screening.ResidentScreened.v1",
            "roster.events", "frontline.roster.ShiftPublished.v1",
            "supplies.events", "frontline.supplies.StockChanged.v1",
            "alert.events", "frontline.alert.AlertRaised.v1");

    static void poison(String bootstrap, String marker) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(config)) {
            for (var e : new java.util.TreeMap<>(POISON_TYPES).entrySet()) {
                var record = new org.apache.kafka.clients.producer.ProducerRecord<String, String>(e.getKey(),
                        marker + "-" + e.getKey(), "{\"" + marker + "\": this is not JSON");
                record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                        .add("ce_id", (marker + "-" + e.getKey()).getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", e.getValue().getBytes(StandardCharsets.UTF_8))
                        .add("ce_source", "/frontline/faults".getBytes(StandardCharsets.UTF_8))
                        .add("ce_subject", "399999999999".getBytes(StandardCharsets.UTF_8))
                        .add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8))
                        .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get(30, TimeUnit.SECONDS);
                System.out.println(e.getKey() + ": poison " + marker + "-" + e.getKey());
            }
        }
    }

    static boolean deadLetters(String bootstrap, long sinceMillis, String marker) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName());
        boolean clean = true;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            for (String topic : new java.util.TreeSet<>(POISON_TYPES.keySet())) {
                String dlq = topic + ".dlq";
                List<TopicPartition> partitions = consumer.partitionsFor(dlq, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(dlq, p.partition())).toList();
                consumer.assign(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> query = new java.util.HashMap<>();
                partitions.forEach(tp -> query.put(tp, sinceMillis));
                var from = consumer.offsetsForTimes(query);
                long poison = 0;
                long other = 0;
                List<String> others = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    var o = from.get(tp);
                    consumer.seek(tp, o == null ? end.get(tp) : o.offset());
                }
                Instant deadline = Instant.now().plusSeconds(60);
                while (Instant.now().isBefore(deadline)
                        && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                            continue;
                        }
                        boolean isPoison = (r.key() != null && r.key().contains(marker))
                                || (r.value() != null && r.value().contains(marker));
                        if (isPoison) {
                            poison++;
                        } else {
                            other++;
                            Header type = r.headers().lastHeader("ce_type");
                            if (others.size() < 3) {
                                others.add((type == null ? "?" : new String(type.value(), StandardCharsets.UTF_8))
                                        + "@" + r.offset());
                            }
                        }
                    }
                }
                clean &= other == 0;
                System.out.println(dlq + " poison=" + poison + " other=" + other + (others.isEmpty() ? "" : " " + others));
            }
        }
        return clean;
    }

    static void topics(String bootstrap, int partitions, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 30000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, topic.endsWith(".dlq") ? 1 : partitions, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    static boolean find(String bootstrap, String topic, String text, int timeoutSeconds) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false,
                "isolation.level", "read_committed",
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().contains(text)) {
                        StringBuilder sb = new StringBuilder("key=" + r.key());
                        for (Header h : r.headers()) {
                            if (h.key().startsWith("ce_")) {
                                sb.append(' ').append(h.key()).append('=')
                                        .append(new String(h.value(), StandardCharsets.UTF_8));
                            }
                        }
                        System.out.println(sb);
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Validates an XML document against an XML Schema (the smoke test's CAP 1.2 check); exits non-zero if invalid. */
    static void validateXml(Path schema, Path document) throws Exception {
        javax.xml.validation.SchemaFactory factory = javax.xml.validation.SchemaFactory
                .newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        javax.xml.validation.Validator validator = factory.newSchema(schema.toFile()).newValidator();
        validator.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try {
            validator.validate(new javax.xml.transform.stream.StreamSource(document.toFile()));
            System.out.println("valid");
        } catch (org.xml.sax.SAXException e) {
            System.out.println("invalid: " + e.getMessage());
            System.exit(1);
        }
    }
}
