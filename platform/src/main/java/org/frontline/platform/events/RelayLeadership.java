package org.frontline.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Which replica relays: the one holding a session advisory lock, kept on a connection of its own for as long
 * as it leads. The lock lives exactly as long as that database session, so a leader that stops, crashes or
 * loses its session frees it for another replica. Trying the lock is one cheap query; a replica that does not
 * get it does nothing else.
 *
 * <p>A leader whose node dies without closing its connection leaves an idle backend behind, and with it the lock,
 * until the server notices. So the lock's session gets short TCP keepalives (a dead peer is noticed within about
 * 25 s) and an {@code idle_session_timeout} (PostgreSQL 14+): the server ends a session the leader has not used for
 * that long. The live leader uses it at every poll ({@link #sessionAlive()}), so only a dead or stalled one loses
 * it. Both settings are reset before the connection goes back to the pool.
 */
final class RelayLeadership {

    private static final Logger LOG = Logger.getLogger(RelayLeadership.class);
    /** Arbitrary constant shared by every replica of a service (each service has its own database). */
    static final long LOCK = 0x46726f6e746c696eL;

    private final DataSource dataSource;
    private final Duration idleTimeout;
    private Connection session;

    RelayLeadership(DataSource dataSource, Duration idleTimeout) {
        this.dataSource = dataSource;
        this.idleTimeout = idleTimeout;
    }

    boolean held() {
        return session != null;
    }

    /** Whether the lock's session still answers; if it does not, the lock is gone with it. */
    boolean sessionAlive() {
        if (session == null) {
            return false;
        }
        // a real statement: it is what resets the server's idle_session_timeout
        try (Statement st = session.createStatement()) {
            st.setQueryTimeout(5);
            st.execute("select 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Takes the lock if no other session holds it, and keeps the connection that holds it. */
    boolean tryTake() throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement st = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            st.setLong(1, LOCK);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    guard(c);
                    session = c;
                    return true;
                }
            }
        } catch (SQLException | RuntimeException e) {
            try (Statement st = c.createStatement()) { // never lend out a connection that may hold the lock
                st.execute("select pg_advisory_unlock_all()");
            } catch (SQLException | RuntimeException ignored) {
                // a broken connection holds no lock; the pool drops it
            }
            c.close();
            throw e;
        }
        c.close();
        return false;
    }

    /** Keepalives and an idle timeout on the lock's session, so a dead leader's lock does not outlive it for long. */
    private void guard(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5; set tcp_keepalives_count = 3");
            if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
                st.execute("set idle_session_timeout = " + Math.max(1, idleTimeout.toMillis()));
            } else {
                LOG.warn("PostgreSQL before 14 has no idle_session_timeout: a crashed relay leader's lock is freed "
                        + "only when TCP keepalive notices");
            }
        }
    }

    /**
     * Gives the lock up and forgets its connection. On a live session this unlocks; on a broken one the failing
     * statement tells the pool (its exception sorter) to drop the connection instead of lending it out again.
     */
    void release() {
        Connection c = session;
        session = null;
        if (c == null) {
            return;
        }
        try (c; PreparedStatement st = c.prepareStatement("select pg_advisory_unlock(?)")) {
            st.setLong(1, LOCK);
            st.execute();
            try (Statement reset = c.createStatement()) { // back to the pool as it came
                reset.execute("reset idle_session_timeout; reset tcp_keepalives_idle; reset tcp_keepalives_interval; "
                        + "reset tcp_keepalives_count");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("the relay's lock session was already gone: %s", e.getMessage());
        }
    }
}
