package org.frontline.platform.ratelimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The counting of {@link RateLimits}, in plain SQL on the connection it is given: one upsert per request on the row
 * of (limit, caller) in table {@code rate_limit}. A window starts with the caller's first request after the previous
 * window ended and lasts {@code window}; every request in it adds one. The database's clock decides, and the row is
 * the same for every replica, so replicas share one count. PostgreSQL's row lock orders concurrent requests of one
 * caller: two at once never both take the last place.
 */
public final class RateLimitCounter {

    /** How many requests the caller has made in the current window (this one included), and when it ends. */
    public record Count(int requests, long secondsLeft) {
    }

    private static final String UPSERT = """
            insert into rate_limit as r (limit_name, caller, window_end, requests)
            values (?, ?, now() + make_interval(secs => ?), 1)
            on conflict (limit_name, caller) do update set
                requests = case when r.window_end > now() then r.requests + 1 else 1 end,
                window_end = case when r.window_end > now() then r.window_end else excluded.window_end end
            returning requests, greatest(1, ceil(extract(epoch from (window_end - now()))))::bigint
            """;

    private RateLimitCounter() {
    }

    /** Counts one request of {@code caller} against {@code limit}; commits with the connection's transaction. */
    public static Count count(Connection connection, String limit, String caller, Duration window) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(UPSERT)) {
            st.setString(1, limit);
            st.setString(2, caller);
            st.setDouble(3, window.toMillis() / 1000.0);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Count(rs.getInt(1), rs.getLong(2));
            }
        }
    }

    /** Deletes the rows whose window has ended (they would start afresh anyway); returns how many. */
    public static int prune(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("delete from rate_limit where window_end < now()")) {
            return st.executeUpdate();
        }
    }
}
