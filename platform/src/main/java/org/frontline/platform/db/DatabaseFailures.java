package org.frontline.platform.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Reads database failures by the SQLState PostgreSQL reports anywhere in the cause chain: transient ones are
 * worth another attempt (the same work may well succeed a moment later), a unique violation means someone
 * stored the same thing meanwhile.
 */
public final class DatabaseFailures {

    /** Whole SQLState classes: connection exceptions, insufficient resources. */
    private static final Set<String> CLASSES = Set.of("08", "53");
    /** Single states: serialization failure, deadlock, lock not available, shutdowns, cannot connect now. */
    private static final Set<String> STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");

    private DatabaseFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (STATES.contains(state) || (state.length() >= 2 && CLASSES.contains(state.substring(0, 2)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Another transaction changed a versioned row between our read and our commit (JPA optimistic lock, Hibernate
     * stale state). Not a database fault, so not {@link #isTransient} (a REST request must not answer 503 for it).
     * A consumer may retry the same work, though: the retry reads the other writer's result and decides again (the
     * Inbox does).
     */
    public static boolean isConcurrentUpdate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleStateException
                    || t instanceof org.hibernate.dialect.lock.OptimisticEntityLockException) {
                return true;
            }
        }
        return false;
    }

    /** A unique constraint refused the write (SQLState 23505). */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, for a log line. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
