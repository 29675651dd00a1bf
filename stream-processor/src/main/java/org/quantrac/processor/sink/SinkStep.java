package org.quantrac.processor.sink;

import java.sql.Connection;
import java.sql.SQLException;

/** Extra work inside a batch's transaction (QC that needs the database, rollup bookkeeping). */
@FunctionalInterface
public interface SinkStep {

    /** Runs in the batch's transaction; may be run again if the transaction is retried. */
    void apply(Connection c, ReadingBatch batch) throws SQLException;
}
