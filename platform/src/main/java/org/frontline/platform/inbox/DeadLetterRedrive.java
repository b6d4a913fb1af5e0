package org.frontline.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-drives a dead-letter topic once the cause is fixed: copies every record not copied before back to the
 * topic it came from, with its key, value and {@code ce_*} headers, without the {@code dead-letter-*} headers
 * the failure strategy added. The consumers' inboxes apply each event once, also one that had been applied
 * before it was dead-lettered.
 *
 * <p>Progress is kept by the consumer group {@code frontline-redrive.<dlq topic>} on the dead-letter topic:
 * offsets are committed after the copies are acknowledged, so a second run copies only what arrived since. A
 * crash between the two copies a record twice, which the inbox absorbs. Only what was on the topic when the
 * run started is copied, so a record that fails again lands behind the end and waits for the next run.
 *
 * <p>Plain Kafka client, no Quarkus: {@code java -cp platform.jar:kafka-clients.jar
 * org.frontline.platform.inbox.DeadLetterRedrive BOOTSTRAP TOPIC.dlq [client.properties]} (the properties file
 * carries TLS/SASL settings for a real cluster). The local run wraps it as
 * {@code deploy/local/frontline redrive TOPIC.dlq}.
 */
public final class DeadLetterRedrive {

    /** Headers added by the dead-letter strategy; they describe the failure, not the event. */
    public static final String DEAD_LETTER_HEADER_PREFIX = "dead-letter-";
    public static final String DLQ_SUFFIX = ".dlq";

    private final Map<String, Object> clientConfig;

    public DeadLetterRedrive(String bootstrapServers, Map<String, Object> extraClientConfig) {
        this.clientConfig = new HashMap<>(extraClientConfig);
        this.clientConfig.put("bootstrap.servers", bootstrapServers);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !args[1].endsWith(DLQ_SUFFIX)) {
            System.err.println("usage: DeadLetterRedrive BOOTSTRAP_SERVERS TOPIC.dlq [client.properties]");
            System.exit(2);
        }
        Map<String, Object> extra = new HashMap<>();
        if (args.length > 2) {
            Properties p = new Properties();
            try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(args[2]))) {
                p.load(in);
            }
            p.forEach((k, v) -> extra.put((String) k, v));
        }
        Result result = new DeadLetterRedrive(args[0], extra).redrive(args[1]);
        System.out.println("re-drove " + result.copied() + " record(s) from " + args[1] + " to " + result.targets());
    }

    /** What a run did: how many records it copied and to which topics. */
    public record Result(long copied, java.util.Set<String> targets) {
    }

    /** Copies what is on the dead-letter topic now and was not copied by an earlier run. */
    public Result redrive(String deadLetterTopic) {
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "frontline-redrive." + deadLetterTopic);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long copied = 0;
        java.util.Set<String> targets = new java.util.TreeSet<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                var producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions),
                    Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata done = committed.get(tp);
                if (done == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, done.offset());
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant idleSince = Instant.now();
            while (!reached(consumer, end)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (Duration.between(idleSince, Instant.now()).toSeconds() > 60) {
                        throw new IllegalStateException("no progress on " + deadLetterTopic + " for 60 s");
                    }
                    continue;
                }
                idleSince = Instant.now();
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue; // arrived after the start: the next run takes it
                    }
                    String target = sourceTopic(r, deadLetterTopic);
                    var copy = new ProducerRecord<>(target, null, r.key(), r.value());
                    for (Header h : r.headers()) {
                        if (!h.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                            copy.headers().add(h);
                        }
                    }
                    producer.send(copy);
                    targets.add(target);
                    copied++;
                    progress.put(tp, new OffsetAndMetadata(r.offset() + 1));
                }
                producer.flush(); // every copy acknowledged before the progress is recorded
                if (!progress.isEmpty()) {
                    consumer.commitSync(progress, Duration.ofSeconds(30));
                }
            }
        }
        return new Result(copied, targets);
    }

    /** The topic the record failed on: the strategy's {@code dead-letter-topic} header, else the name without {@code .dlq}. */
    static String sourceTopic(ConsumerRecord<?, ?> record, String deadLetterTopic) {
        Header h = record.headers().lastHeader(DEAD_LETTER_HEADER_PREFIX + "topic");
        if (h != null && h.value() != null && h.value().length > 0) {
            return new String(h.value(), StandardCharsets.UTF_8);
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - DLQ_SUFFIX.length());
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue());
    }

}
