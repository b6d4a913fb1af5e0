package org.frontline.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The relay's SQL on the {@code outbox} table: claim pending rows in id order, move published ones to the narrow
 * {@code outbox_published} log, set refused ones aside. Rows are always addressed by id.
 */
final class OutboxTable {

    /** One pending event as the relay reads it. */
    record Row(long id, String eventId, String topic, String key, String type, String source, String subject,
            OffsetDateTime time, String payload) {
    }

    /** A row the broker refused for a reason of its own, and whether that refusal parked it. */
    record SetAside(Row row, String reason, int attempts, boolean parked) {
    }

    record Counts(long pending, long parked) {
    }

    private final DataSource dataSource;

    OutboxTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The next pending rows after {@code afterId}, in id order. No row locks: only the leader reads pending rows.
     * Rows waiting out a refusal ({@code next_attempt_at}) are skipped, and so are the rows of a topic refused as a
     * whole that are newer than a row of that topic still held back: still waiting, or due but behind
     * {@code afterId}, where this drain no longer looks (the next drain, from the start, sends it first).
     */
    List<Row> claim(long afterId, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // First the topics held back and their oldest held row: a tiny query on the partial index (usually
            // empty). Folding it into the claim as a correlated NOT EXISTS let the planner pick a nested loop over
            // the whole outbox while the table grew faster than its statistics: 660 events/s under bulk ingest
            // instead of keeping up (docs/benchmarks.md).
            List<String> heldTopics = new ArrayList<>();
            List<Long> heldFrom = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("""
                    select topic, min(id) from outbox
                    where topic_refused and status = 'PENDING' and (next_attempt_at > now() or id <= ?)
                    group by topic
                    """)) {
                st.setLong(1, afterId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        heldTopics.add(rs.getString(1));
                        heldFrom.add(rs.getLong(2));
                    }
                }
            }
            String held = heldTopics.isEmpty() ? "" : """
                    and not exists (select 1 from unnest(?::text[], ?::bigint[]) as h(topic, from_id)
                        where h.topic = o.topic and o.id > h.from_id)
                    """;
            try (PreparedStatement st = c.prepareStatement("""
                    select o.id, o.event_id, o.topic, o.record_key, o.event_type, o.source, o.subject, o.occurred_at,
                        o.payload
                    from outbox o
                    where o.id > ? and o.status = 'PENDING' and (o.next_attempt_at is null or o.next_attempt_at <= now())
                    """ + held + "order by o.id limit ?")) {
                int i = 1;
                st.setLong(i++, afterId);
                if (!heldTopics.isEmpty()) {
                    st.setArray(i++, c.createArrayOf("text", heldTopics.toArray()));
                    st.setArray(i++, c.createArrayOf("bigint", heldFrom.toArray()));
                }
                st.setInt(i, limit);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                                rs.getString(9)));
                    }
                }
                return rows;
            }
        }
    }

    /** Moves published rows from the outbox to the published log, in one transaction. */
    void markPublished(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        inRelayTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    with moved as (
                        delete from outbox where id = any(?)
                        returning event_id, topic, event_type, subject, occurred_at, created_at)
                    insert into outbox_published (event_id, topic, event_type, subject, occurred_at, created_at, published_at)
                    select event_id, topic, event_type, subject, occurred_at, created_at, now() from moved
                    """)) {
                st.setArray(1, c.createArrayOf("bigint", rows.stream().map(Row::id).toArray()));
                st.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Counts a refusal against each row, keeps its reason, and holds it back for a while (first wait
     * {@code firstWait}, doubling, at most {@code maxWait}). A row refused for itself waits by its own count, and
     * the rows behind it go first. Rows refused for their topic all wait alike, by the count of the topic's most
     * refused row, so they are tried again together and in id order ({@link #claim} holds back the newer rows of
     * that topic meanwhile). A row is PARKED after {@code maxAttempts} refusals, and no sooner than
     * {@code parkAfter} after its first. Returns what happened to each row.
     */
    List<SetAside> setAside(Map<Row, OutboxSender.Refusal> refused, int maxAttempts, Duration parkAfter,
            Duration firstWait, Duration maxWait) throws SQLException {
        List<Row> rows = List.copyOf(refused.keySet());
        return inRelayTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    with r as (
                        select r.id, r.reason, r.whole_topic, o.topic, o.attempts
                        from unnest(?::bigint[], ?::text[], ?::boolean[]) as r(id, reason, whole_topic)
                        join outbox o on o.id = r.id),
                    w as (
                        select id, case when whole_topic then max(attempts) over (partition by topic, whole_topic)
                            else attempts end as n
                        from r)
                    update outbox o set attempts = o.attempts + 1, last_error = r.reason, topic_refused = r.whole_topic,
                        first_refused_at = coalesce(o.first_refused_at, now()),
                        status = case when o.attempts + 1 >= ?
                                and coalesce(o.first_refused_at, now()) <= now() - make_interval(secs => ?)
                            then 'PARKED' else o.status end,
                        next_attempt_at = now() + make_interval(secs => least(? * power(2, least(w.n, 60)), ?))
                    from r join w on w.id = r.id
                    where o.id = r.id
                    returning o.id, o.attempts, o.status
                    """)) {
                st.setArray(1, c.createArrayOf("bigint", rows.stream().map(Row::id).toArray()));
                st.setArray(2, c.createArrayOf("text", rows.stream().map(row -> refused.get(row).reason()).toArray()));
                st.setArray(3, c.createArrayOf("boolean", rows.stream().map(row -> refused.get(row).wholeTopic()).toArray()));
                st.setInt(4, maxAttempts);
                st.setDouble(5, parkAfter.toMillis() / 1000.0);
                st.setDouble(6, firstWait.toMillis() / 1000.0);
                st.setDouble(7, maxWait.toMillis() / 1000.0);
                List<SetAside> result = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Row row = rows.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
                        result.add(new SetAside(row, refused.get(row).reason(), rs.getInt(2),
                                "PARKED".equals(rs.getString(3))));
                    }
                }
                return result;
            }
        });
    }

    /** Pending and parked rows now (every row left in the outbox is one or the other). */
    Counts counts() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                select count(*) filter (where status = 'PENDING'), count(*) filter (where status = 'PARKED') from outbox
                """); ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Counts(rs.getLong(1), rs.getLong(2));
        }
    }

    /** Deletes entries of the published log older than the retention; returns how many. */
    int prune(Duration retention) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "delete from outbox_published where published_at < now() - make_interval(secs => ?)")) {
            st.setLong(1, retention.toSeconds());
            return st.executeUpdate();
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * The relay's commits need not wait for the disk: a mark lost in a database crash only means the rows are
     * published again, which consumers absorb (inbox). Business writes stay durable.
     */
    private <T> T inRelayTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement("set local synchronous_commit = off")) {
                    st.execute();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
