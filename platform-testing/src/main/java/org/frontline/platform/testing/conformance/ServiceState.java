package org.frontline.platform.testing.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;

/**
 * What a service has stored: the row count of every table of its database and the end offset of every partition of
 * its topics. Taken once the outbox relay has published what was pending, so that a snapshot taken before a refused
 * request equals the one taken after it.
 */
final class ServiceState implements AutoCloseable {

    private final TestDatabase db;
    private final List<String> topics;
    private final Set<String> ignored;
    private List<String> tables;
    private Admin admin;
    private List<TopicPartition> partitions;

    ServiceState(TestDatabase db, List<String> topics, Set<String> ignored) {
        this.db = db;
        this.topics = topics;
        this.ignored = ignored;
    }

    /** Table → rows and topic-partition → end offset, in name order. */
    /** Time spent taking snapshots, for the figures. */
    long nanos;

    Map<String, Long> snapshot() {
        long started = System.nanoTime();
        try {
            return take();
        } finally {
            nanos += System.nanoTime() - started;
        }
    }

    private Map<String, Long> take() {
        settle();
        Map<String, Long> state = new TreeMap<>();
        if (tables == null) {
            tables = new ArrayList<>();
            for (Map<String, Object> row : db.query("select table_name from information_schema.tables "
                    + "where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name")) {
                String t = (String) row.get("table_name");
                if (!t.equals("flyway_schema_history") && !t.equals("outbox") && !t.equals("outbox_published")
                        && !ignored.contains(t)) {
                    tables.add(t);
                }
            }
        }
        if (!tables.isEmpty()) {
            StringBuilder sql = new StringBuilder("select ");
            for (int i = 0; i < tables.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(select count(*) from \"").append(tables.get(i)).append("\") as c")
                        .append(i);
            }
            Map<String, Object> counts = db.query(sql.toString()).get(0);
            for (int i = 0; i < tables.size(); i++) {
                state.put("table " + tables.get(i), ((Number) counts.get("c" + i)).longValue());
            }
        }
        // the relay moves rows from the outbox to the published log: their sum is what was recorded
        state.put("table outbox+outbox_published", db.outboxRows());
        if (!topics.isEmpty()) {
            try {
                if (admin == null) {
                    admin = TestKafka.admin();
                    partitions = new ArrayList<>();
                    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) -> d
                            .partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
                }
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                        .forEach((p, o) -> state.put("topic " + p, o.offset()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the end offsets of " + topics, e);
            }
        }
        return state;
    }

    /** Waits (at most 15 s) until nothing waits in the outbox, so that the topics no longer move on their own. */
    private void settle() {
        Instant until = Instant.now().plus(Duration.ofSeconds(15));
        while (db.count("select count(*) from outbox where status = 'PENDING'") > 0 && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What differs between two snapshots, as "name: before → after". */
    static List<String> differences(Map<String, Long> before, Map<String, Long> after) {
        List<String> changes = new ArrayList<>();
        before.forEach((k, v) -> {
            Long now = after.get(k);
            if (!v.equals(now)) {
                changes.add(k + ": " + v + " → " + now);
            }
        });
        return changes;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
