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
     * Rows waiting out a refusal ({@code next_attempt_at}) are skipped.
     */
    List<Row> claim(long afterId, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                select id, event_id, topic, record_key, event_type, source, subject, occurred_at, payload
                from outbox
                where id > ? and status = 'PENDING' and (next_attempt_at is null or next_attempt_at <= now())
                order by id limit ?
                """)) {
            st.setLong(1, afterId);
            st.setInt(2, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getString(9)));
                }
            }
            return rows;
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
     * {@code firstWait}, doubling, at most {@code maxWait}) so the rows behind it go first; at
     * {@code maxAttempts} refusals the row is PARKED. Returns what happened to each row.
     */
    List<SetAside> setAside(Map<Row, String> refused, int maxAttempts, Duration firstWait, Duration maxWait)
            throws SQLException {
        List<Row> rows = List.copyOf(refused.keySet());
        return inRelayTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    update outbox o set attempts = o.attempts + 1, last_error = r.reason,
                        status = case when o.attempts + 1 >= ? then 'PARKED' else o.status end,
                        next_attempt_at = now() + make_interval(secs => least(? * power(2, o.attempts), ?))
                    from unnest(?::bigint[], ?::text[]) as r(id, reason)
                    where o.id = r.id
                    returning o.id, o.attempts, o.status
                    """)) {
                st.setInt(1, maxAttempts);
                st.setDouble(2, firstWait.toMillis() / 1000.0);
                st.setDouble(3, maxWait.toMillis() / 1000.0);
                st.setArray(4, c.createArrayOf("bigint", rows.stream().map(Row::id).toArray()));
                st.setArray(5, c.createArrayOf("text", rows.stream().map(refused::get).toArray()));
                List<SetAside> result = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Row row = rows.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
                        result.add(new SetAside(row, refused.get(row), rs.getInt(2), "PARKED".equals(rs.getString(3))));
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
