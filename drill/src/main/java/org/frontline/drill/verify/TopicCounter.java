package org.frontline.drill.verify;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;
import org.frontline.drill.truth.Facts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Counts the facts of one city on the services' topics: a read-only consumer (no group, nothing committed) assigned
 * every partition of {@code screening.events}, {@code roster.events}, {@code supplies.events} and {@code alert.events},
 * read from the first record sent at or after the run's start minus {@link #BEFORE_START} (from the beginning when
 * the start is unknown) to the end offsets taken when it starts ({@code read_committed}: the outbox relays write in
 * transactions). A record counts when its CloudEvents type ({@code ce_type} header, binary mode: docs/asyncapi.yaml)
 * is the kind's event and its subject ({@code ce_subject}, the area) lies in the city; per kind it keeps the distinct
 * event ids ({@code ce_id}) and, from the JSON data, the distinct fact ids — a fact id with two event ids is a doubled
 * fact.
 */
public final class TopicCounter {

    /** The alerts opened in the city (alert-service's list = AlertRaised events = the gateway's open alerts). */
    public static final String ALERTS = "alertsOpened";
    static final int DOUBLED_SHOWN = 5;

    /** What is counted: an event type (its name: {@code frontline.<service>.<Name>.v<N>}) on a topic, for a kind. */
    record Spec(String topic, String event, String kind, String idField, String onlyField, String onlyValue) {

        boolean matches(JsonNode data) {
            return onlyField == null || onlyValue.equals(data.path(onlyField).asText());
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("screening.events", "ResidentScreened", Facts.SCREENINGS, "screeningId", null, null),
            new Spec("screening.events", "PositiveTestReported", Facts.POSITIVE_TESTS, "testResultId", null, null),
            new Spec("screening.events", "QuarantineStarted", Facts.QUARANTINES, "quarantineId", null, null),
            new Spec("roster.events", "ShiftPublished", Facts.SHIFTS, "shiftId", null, null),
            new Spec("roster.events", "VolunteerRegistered", Facts.VOLUNTEERS, "personId", null, null),
            new Spec("roster.events", "StaffRegistered", Facts.VOLUNTEERS, "staffId", "kind", "VOLUNTEER"),
            new Spec("supplies.events", "StockChanged", Facts.ISSUES, null, "cause", "ISSUE"),
            new Spec("alert.events", "AlertRaised", ALERTS, "alertId", null, null));

    /** One kind's count on its topic. */
    public record Count(String source, long events, long records, Long factIds, Map<String, Long> doubled) {
    }

    /** How far before the run's start the topics are read (clock skew between the drill and the services' hosts). */
    static final Duration BEFORE_START = Duration.ofMinutes(10);

    private final String bootstrap;
    private final String city;
    private final PrintStream out;
    private final Instant startedAt;

    /** @param startedAt the run's start; null (an old result): every topic is read from its beginning */
    public TopicCounter(String bootstrap, String city, PrintStream out, Instant startedAt) {
        this.bootstrap = bootstrap;
        this.city = city;
        this.out = out;
        this.startedAt = startedAt;
    }

    public TopicCounter(String bootstrap, String city, PrintStream out) {
        this(bootstrap, city, out, null);
    }

    /**
     * Where each partition is read from: the first offset at or after {@code since} (Kafka's {@code offsetsForTimes}:
     * {@code byTime}, null for a partition with no record that new — then its end: nothing to read), or its beginning
     * when the start is unknown ({@code byTime} null).
     */
    static Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, Map<TopicPartition, Long> byTime,
            Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> start = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            Long offset = byTime == null ? begin.get(tp) : byTime.get(tp);
            start.put(tp, offset == null ? end.get(tp) : Math.max(offset, begin.get(tp)));
        }
        return start;
    }

    /**
     * A plain reader of whole topics: no group, nothing committed, no topic created, raw bytes, large polls (the
     * counter here and {@link PiiScan}'s topic scan).
     */
    static Properties readerSettings(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Reads the topics once; per kind its count. A broker that cannot be reached is a {@link SuiteException}. */
    public Map<String, Count> count() {
        quietKafkaLogs();
        Properties p = readerSettings(bootstrap, "drill-verify");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        Set<String> topics = new java.util.LinkedHashSet<>();
        SPECS.forEach(s -> topics.add(s.topic()));
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (Spec s : SPECS) {
            Tally t = tallies.computeIfAbsent(s.kind(), k -> new Tally());
            t.sources.add(s.topic() + " " + s.event());
            t.withFactIds |= s.idField() != null;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(20));
                if (infos == null) {
                    continue;
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(20));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(20));
            // The outbox relay (platform OutboxSender) sends a ProducerRecord without a timestamp, so each record's
            // timestamp is the producer's send time (CreateTime), never the event's own (possibly backdated) time:
            // every event of this run was sent after the run started.
            Map<TopicPartition, Long> byTime = null;
            if (startedAt != null) {
                long since = startedAt.minus(BEFORE_START).toEpochMilli();
                Map<TopicPartition, Long> query = new LinkedHashMap<>();
                partitions.forEach(tp -> query.put(tp, since));
                byTime = new LinkedHashMap<>();
                for (var e : consumer.offsetsForTimes(query, Duration.ofSeconds(20)).entrySet()) {
                    byTime.put(e.getKey(), e.getValue() == null ? null : e.getValue().offset());
                }
            }
            Map<TopicPartition, Long> start = startOffsets(partitions, byTime, begin, end);
            start.forEach(consumer::seek);
            long total = 0;
            for (TopicPartition tp : partitions) {
                total += Math.max(0, end.get(tp) - start.get(tp));
            }
            out.println("verify: counting the city's events in " + total + " records of " + topics
                    + (startedAt == null ? " from the beginning" : " sent since " + startedAt.minus(BEFORE_START))
                    + " (" + bootstrap + ")");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60 + total / 2_000));
            long read = 0;
            while (!done(consumer, partitions, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new SuiteException("reading the topics at " + bootstrap + " took too long (" + read + " of "
                            + total + " records)", null);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    take(r, tallies);
                }
            }
        } catch (KafkaException e) {
            throw new SuiteException("cannot read the topics at " + bootstrap + ": " + e.getMessage(), e);
        }
        Map<String, Count> counts = new LinkedHashMap<>();
        tallies.forEach((kind, t) -> counts.put(kind, t.count()));
        return counts;
    }

    private static boolean done(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private void take(ConsumerRecord<byte[], byte[]> r, Map<String, Tally> tallies) {
        String type = header(r, "ce_type");
        String subject = header(r, "ce_subject");
        if (type == null || subject == null || !subject.startsWith(city)) {
            return;
        }
        String[] parts = type.split("\\.");
        String name = parts.length >= 3 ? parts[2] : type;
        JsonNode data = null;
        for (Spec s : SPECS) {
            if (!s.topic().equals(r.topic()) || !s.event().equals(name)) {
                continue;
            }
            if (data == null) {
                data = SuiteClient.parse(r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
            }
            if (s.matches(data)) {
                tallies.get(s.kind()).add(header(r, "ce_id"), s.idField() == null ? null : data.path(s.idField()).asText(null));
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Kafka's client logs at INFO through slf4j-simple: keep the verdict readable. */
    static void quietKafkaLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        }
    }

    /**
     * Event ids and fact ids of one kind (package-visible for the tests). A fact keeps its first event id; only a
     * fact seen with a second event id gets a set (a surge puts hundreds of thousands of facts through here).
     */
    static final class Tally {
        final List<String> sources = new ArrayList<>();
        long records;
        boolean withFactIds;
        final Set<String> eventIds = new HashSet<>();
        final Map<String, String> firstEvent = new HashMap<>();
        final Map<String, Set<String>> eventsOfDoubled = new LinkedHashMap<>();

        void add(String eventId, String factId) {
            records++;
            eventIds.add(eventId);
            if (factId == null) {
                return;
            }
            String first = firstEvent.putIfAbsent(factId, eventId);
            if (first != null && !first.equals(eventId)) {
                eventsOfDoubled.computeIfAbsent(factId, f -> new HashSet<>(Set.of(first))).add(eventId);
            }
        }

        Count count() {
            Map<String, Long> doubled = new LinkedHashMap<>();
            eventsOfDoubled.entrySet().stream().limit(DOUBLED_SHOWN)
                    .forEach(e -> doubled.put(e.getKey(), (long) e.getValue().size()));
            return new Count(source(), eventIds.size(), records, withFactIds ? Long.valueOf(firstEvent.size()) : null,
                    doubled.isEmpty() ? null : doubled);
        }

        /** "topic A/B" for the event types counted, per topic. */
        private String source() {
            Map<String, List<String>> byTopic = new LinkedHashMap<>();
            for (String s : sources) {
                String[] tp = s.split(" ", 2);
                byTopic.computeIfAbsent(tp[0], t -> new ArrayList<>()).add(tp[1]);
            }
            List<String> parts = new ArrayList<>();
            byTopic.forEach((t, events) -> parts.add(t + " " + String.join("/", events)));
            return String.join(" + ", parts);
        }
    }
}
