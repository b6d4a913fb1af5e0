package org.frontline.platform.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what really reached a topic of the test broker, from the beginning, without a consumer group.
 * Tests use it to assert on records, keys and CloudEvents headers.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /** All records currently on the topic, in partition then offset order. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (!reached(consumer, end) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    /** Waits until at least {@code count} records on the topic match, and returns those that match. */
    public static List<ConsumerRecord<String, String>> await(String topic, Predicate<ConsumerRecord<String, String>> match,
            int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<ConsumerRecord<String, String>> found;
        do {
            found = readAll(topic).stream().filter(match).collect(Collectors.toList());
            if (found.size() >= count) {
                return found;
            }
            sleep(250);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("expected at least " + count + " matching records on " + topic + " within "
                + timeout + ", found " + found.size());
    }

    /** How long {@link #awaitExactly} keeps watching after the expected records arrived. */
    public static final Duration GRACE = Duration.ofSeconds(3);

    /**
     * Waits until {@code count} records on the topic match, then keeps watching for {@link #GRACE} and fails if
     * more arrive: for "exactly once" claims ({@link #await} alone would pass with duplicates).
     */
    public static List<ConsumerRecord<String, String>> awaitExactly(String topic,
            Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
        List<ConsumerRecord<String, String>> found = await(topic, match, count, timeout);
        if (found.size() == count) {
            sleep(GRACE.toMillis());
            found = readAll(topic).stream().filter(match).collect(Collectors.toList());
        }
        if (found.size() != count) {
            throw new AssertionError("expected exactly " + count + " matching records on " + topic + ", found "
                    + found.size());
        }
        return found;
    }

    /** Records on the topic whose CloudEvents subject (community code) is the one given. */
    public static Predicate<ConsumerRecord<String, String>> subject(String communityCode) {
        return r -> communityCode.equals(header(r, "ce_subject"));
    }

    public static Predicate<ConsumerRecord<String, String>> type(String type) {
        return r -> type.equals(header(r, "ce_type"));
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
