package org.frontline.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Which replica relays: the one holding a session advisory lock, kept on a connection of its own for as long
 * as it leads. The lock lives exactly as long as that database session, so a leader that stops, crashes or
 * loses its session frees it for another replica. Trying the lock is one cheap query; a replica that does not
 * get it does nothing else.
 */
final class RelayLeadership {

    private static final Logger LOG = Logger.getLogger(RelayLeadership.class);
    /** Arbitrary constant shared by every replica of a service (each service has its own database). */
    static final long LOCK = 0x46726f6e746c696eL;

    private final DataSource dataSource;
    private Connection session;

    RelayLeadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean held() {
        return session != null;
    }

    /** Whether the lock's session still answers; if it does not, the lock is gone with it. */
    boolean sessionAlive() {
        try {
            return session != null && session.isValid(2);
        } catch (SQLException e) {
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
                    session = c;
                    return true;
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return false;
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
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("the relay's lock session was already gone: %s", e.getMessage());
        }
    }
}
