package org.frontline.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontline.platform.events.OutboxTable.Row;

/**
 * The relay's Kafka side: one transactional producer ({@code acks=all}, idempotent), created by the leader only,
 * and an admin client that tells a missing topic from an unreachable broker.
 *
 * <p>Each batch is one Kafka transaction: ({@code read_committed}) consumers see all of it or none, so a broker
 * outage mid-batch never leaves half a batch behind to be sent again. A row the broker refuses is reported back
 * instead of failing the relay: for its topic (the topic does not exist, the service may not write there; then
 * every row of that topic in the batch) or for itself (it is too large); anything else (the broker is away, the producer was fenced) is thrown and counts against no
 * row.
 */
final class OutboxSender implements AutoCloseable {

    /** Failures that are the record's own fault: sending it again cannot help. Only these let later rows pass. */
    private static final List<Class<? extends Exception>> RECORD_FAULTS = List.of(RecordTooLargeException.class,
            SerializationException.class);
    /**
     * Refusals of a whole topic. Normal for a short while after a broker restart or an ACL change, so every row
     * of the topic is held back alike and in order, never passed by a later one.
     */
    private static final List<Class<? extends Exception>> TOPIC_FAULTS = List.of(UnknownTopicOrPartitionException.class,
            TopicAuthorizationException.class, InvalidTopicException.class);

    private final Map<String, Object> kafka;
    private final String service;
    private final Duration deliveryTimeout;
    /** Topics the broker confirmed; others are looked up before their rows are sent. */
    private final Set<String> knownTopics = new HashSet<>();
    private KafkaProducer<String, byte[]> producer;
    private Admin admin;

    OutboxSender(Map<String, Object> kafka, String service, Duration deliveryTimeout) {
        this.kafka = kafka;
        this.service = service;
        this.deliveryTimeout = deliveryTimeout;
    }

    /** What became of a batch: the rows now published, and the rows refused with the reason. */
    record Delivery(List<Row> published, Map<Row, Refusal> refused) {
    }

    /** Why the broker refused a row, and whether it refused the row's whole topic (then all its rows wait alike). */
    record Refusal(String reason, boolean wholeTopic) {
    }

    /** Publishes the rows in one Kafka transaction and waits until the broker acknowledged all of them. */
    Delivery send(List<Row> rows) throws Exception {
        Map<Row, Refusal> refused = new LinkedHashMap<>(rowsForRefusedTopics(rows));
        List<Row> sendable = refused.isEmpty() ? rows : rows.stream().filter(row -> !refused.containsKey(row)).toList();
        KafkaProducer<String, byte[]> p = producer();
        p.beginTransaction();
        List<Future<RecordMetadata>> acks = new ArrayList<>(sendable.size());
        try {
            for (Row row : sendable) {
                acks.add(p.send(record(row))); // after a refusal the producer refuses further sends: caught below
            }
            p.commitTransaction();
            return new Delivery(sendable, refused);
        } catch (KafkaException e) {
            Map<Row, Refusal> faults = recordFaults(sendable, acks);
            if (faults.isEmpty()) {
                knownTopics.clear(); // a topic deleted meanwhile shows up as a timeout: look topics up again next time
                throw e;
            }
            abortOrClose(p); // the rows sent with the refused ones are sent again right away
            refused.putAll(faults);
            return new Delivery(List.of(), refused);
        }
    }

    private static ProducerRecord<String, byte[]> record(Row row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(),
                row.payload().getBytes(StandardCharsets.UTF_8));
        header(record, CloudEvents.H_SPECVERSION, CloudEvents.SPEC_VERSION);
        header(record, CloudEvents.H_ID, row.eventId());
        header(record, CloudEvents.H_SOURCE, row.source());
        header(record, CloudEvents.H_TYPE, row.type());
        header(record, CloudEvents.H_SUBJECT, row.subject());
        header(record, CloudEvents.H_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.time()));
        header(record, CloudEvents.H_CONTENT_TYPE, CloudEvents.CONTENT_TYPE);
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Rows whose topic the broker says does not exist (or may not be read by this service). Asked before sending:
     * the producer would otherwise wait its whole {@code max.block.ms} for the topic, and a timeout does not tell
     * a missing topic from a broker outage. An unreachable broker throws here, and counts against no row.
     */
    private Map<Row, Refusal> rowsForRefusedTopics(List<Row> rows) throws Exception {
        Set<String> unknown = new HashSet<>();
        rows.forEach(row -> {
            if (!knownTopics.contains(row.topic())) {
                unknown.add(row.topic());
            }
        });
        if (unknown.isEmpty()) {
            return Map.of();
        }
        Map<String, String> missing = new HashMap<>();
        var described = admin().describeTopics(unknown).topicNameValues();
        for (var topic : described.entrySet()) {
            try {
                topic.getValue().get(deliveryTimeout.toMillis(), TimeUnit.MILLISECONDS);
                knownTopics.add(topic.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.put(topic.getKey(), "topic " + topic.getKey() + " does not exist");
                } else if (isTopicFault(e.getCause())) {
                    missing.put(topic.getKey(), "topic " + topic.getKey() + ": " + reason(e.getCause()));
                } else {
                    throw e;
                }
            }
        }
        Map<Row, Refusal> refused = new LinkedHashMap<>();
        rows.stream().filter(row -> missing.containsKey(row.topic()))
                .forEach(row -> refused.put(row, new Refusal(missing.get(row.topic()), true)));
        return refused;
    }

    /**
     * Rows whose send failed for a reason of their own (only sends already completed can tell), and every row of
     * a topic the broker refused as a whole.
     */
    private static Map<Row, Refusal> recordFaults(List<Row> rows, List<Future<RecordMetadata>> acks) {
        Map<Row, Refusal> faults = new LinkedHashMap<>();
        Map<String, String> topics = new HashMap<>();
        for (int i = 0; i < acks.size(); i++) {
            Future<RecordMetadata> ack = acks.get(i);
            if (ack.isDone()) {
                try {
                    ack.get();
                } catch (ExecutionException e) {
                    if (isTopicFault(e.getCause())) {
                        topics.putIfAbsent(rows.get(i).topic(), "topic " + rows.get(i).topic() + ": " + reason(e.getCause()));
                    } else if (isRecordFault(e.getCause())) {
                        faults.put(rows.get(i), new Refusal(reason(e.getCause()), false));
                    }
                } catch (Exception e) {
                    // cancelled or interrupted: not the row's fault
                }
            }
        }
        rows.stream().filter(row -> topics.containsKey(row.topic()))
                .forEach(row -> faults.put(row, new Refusal(topics.get(row.topic()), true)));
        return faults;
    }

    private static boolean isRecordFault(Throwable e) {
        return RECORD_FAULTS.stream().anyMatch(type -> type.isInstance(e));
    }

    private static boolean isTopicFault(Throwable e) {
        return TOPIC_FAULTS.stream().anyMatch(type -> type.isInstance(e));
    }

    private static String reason(Throwable e) {
        String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    private void abortOrClose(KafkaProducer<String, byte[]> p) {
        try {
            p.abortTransaction();
        } catch (KafkaException e) {
            close(); // the next send starts a fresh producer, which aborts what is left
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerSettings(kafka, service, deliveryTimeout),
                    new StringSerializer(), new ByteArraySerializer());
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
        }
        return producer;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminSettings(kafka, service, deliveryTimeout));
        }
        return admin;
    }

    /** The channels' {@code kafka.*} settings (security included), with the relay's own on top. */
    static Map<String, Object> producerSettings(Map<String, Object> kafka, String service, Duration deliveryTimeout) {
        int deliveryMs = (int) deliveryTimeout.toMillis();
        Map<String, Object> props = only(kafka, ProducerConfig.configNames());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-outbox-relay");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // at most 5 requests in flight: Kafka keeps one key's records in order across retries
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs);
        // one per service: a relay that takes over fences a stalled former leader ("zombie") out of the topic
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, service + "-outbox-relay");
        return props;
    }

    static Map<String, Object> adminSettings(Map<String, Object> kafka, String service, Duration deliveryTimeout) {
        int deliveryMs = (int) deliveryTimeout.toMillis();
        Map<String, Object> props = only(kafka, AdminClientConfig.configNames());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, service + "-outbox-relay-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryMs / 2));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, deliveryMs);
        return props;
    }

    /**
     * The settings this client knows: not the consumers' ({@code isolation.level}), nor what the environment
     * happens to name {@code KAFKA_*} (Kubernetes' {@code KAFKA_PORT=tcp://…} service links).
     */
    private static Map<String, Object> only(Map<String, Object> kafka, Set<String> known) {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (known.contains(key)) {
                props.put(key, value);
            }
        });
        return props;
    }

    /** Drops the producer and admin client (after a failure, or when leadership ends). */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    void close(Duration timeout) {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
        if (admin != null) {
            admin.close(timeout);
            admin = null;
        }
    }
}
