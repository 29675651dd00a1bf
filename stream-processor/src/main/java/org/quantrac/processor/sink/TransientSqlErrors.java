package org.quantrac.processor.sink;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells database errors worth retrying (the server or network came back) from ones that will fail again. */
public final class TransientSqlErrors {

    /** SQLSTATE of a unique-constraint violation: a re-sent reading met its stored copy. */
    public static final String UNIQUE_VIOLATION = "23505";

    private TransientSqlErrors() {
    }

    /**
     * Connection failures (class 08), serialization failures and deadlocks (40001, 40P01), lack of resources (class
     * 53: disk full, too many connections), server shutdown or restart (57P01–57P03) and the pool's own timeouts.
     */
    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.equals("40001")
                        || state.equals("40P01") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
