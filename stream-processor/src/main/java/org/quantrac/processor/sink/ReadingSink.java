package org.quantrac.processor.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of readings and the offsets it consumed in one transaction.
 *
 * <p>Common case: binary COPY straight into {@code reading} (the fastest way into a hypertable). A reading that is
 * already stored (a station or connector re-sent it, or a batch is replayed after a crash between the database commit
 * and anything later) makes that COPY fail on the primary key; the batch is then rolled back and redone as COPY into a
 * temporary staging table plus {@code INSERT … SELECT … ON CONFLICT DO NOTHING}. Either way the offsets are upserted in
 * the same transaction, so "stored" and "consumed" can never disagree.
 *
 * <p>After the commit the rows it stored go to a {@link CommittedRows} listener: all of them after the direct COPY; after
 * the fallback only the newest row per series that the {@code INSERT} actually added ({@code RETURNING}), so a re-sent
 * reading that met a stored one is never reported as stored.
 *
 * <p>Not thread-safe (it reuses its encoding buffer): one sink per consumer loop.
 */
public final class ReadingSink {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingSink.class);
    private static final String COLUMNS = "(time, station_id, parameter_id, value, status, qc_flags)";
    private static final String COPY_DIRECT = "COPY reading " + COLUMNS + " FROM STDIN (FORMAT binary)";
    private static final String STAGING = "reading_staging";
    // ON COMMIT DELETE ROWS: the staging table lives as long as the pooled connection and is empty after every batch.
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS " + STAGING
            + " (time timestamptz NOT NULL, station_id integer NOT NULL, parameter_id smallint NOT NULL, "
            + "value double precision NOT NULL, status smallint NOT NULL, qc_flags integer NOT NULL) "
            + "ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY " + STAGING + " " + COLUMNS + " FROM STDIN (FORMAT binary)";
    private static final String MERGE_STAGING = "INSERT INTO reading " + COLUMNS + " SELECT time, station_id, "
            + "parameter_id, value, status, qc_flags FROM " + STAGING + " ON CONFLICT DO NOTHING";
    /** The same insert, telling which rows it added: the newest per series, and how many in all. */
    private static final String MERGE_STAGING_RETURNING = "WITH added AS (" + MERGE_STAGING
            + " RETURNING time, station_id, parameter_id, value, status, qc_flags) "
            + "SELECT DISTINCT ON (station_id, parameter_id) time, station_id, parameter_id, value, status, qc_flags, "
            + "count(*) OVER () FROM added ORDER BY station_id, parameter_id, time DESC";
    /** Bytes per CopyData message: big enough to amortise the call, small enough to stream while encoding is done. */
    private static final int CHUNK = 256 * 1024;

    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final List<SinkStep> beforeCopy;
    private final List<SinkStep> afterCopy;
    private final CommittedRows committed;
    private final BinaryCopyEncoder encoder = new BinaryCopyEncoder();
    /** The fallback's added rows (newest per series), reused. */
    private final ReadingBatch added = new ReadingBatch(1024);

    public ReadingSink(DataSource dataSource, OffsetStore offsets) {
        this(dataSource, offsets, List.of(), List.of(), CommittedRows.NONE);
    }

    /**
     * @param beforeCopy run in the transaction before the rows are encoded (may change QC flags)
     * @param afterCopy  run in the transaction after the rows are stored (e.g. marking rollups dirty)
     */
    public ReadingSink(DataSource dataSource, OffsetStore offsets, List<SinkStep> beforeCopy,
                       List<SinkStep> afterCopy) {
        this(dataSource, offsets, beforeCopy, afterCopy, CommittedRows.NONE);
    }

    /** @param committed told about the stored rows after each commit */
    public ReadingSink(DataSource dataSource, OffsetStore offsets, List<SinkStep> beforeCopy,
                       List<SinkStep> afterCopy, CommittedRows committed) {
        this.dataSource = dataSource;
        this.offsets = offsets;
        this.beforeCopy = List.copyOf(beforeCopy);
        this.afterCopy = List.copyOf(afterCopy);
        this.committed = committed;
    }

    /**
     * Stores the batch's rows (deduplicated first) and its next offsets, atomically. On an exception nothing of the
     * batch is stored; the caller decides whether to retry ({@link TransientSqlErrors#isTransient}).
     */
    public SinkResult write(ReadingBatch batch) throws SQLException {
        batch.dedupe();
        int repeated = batch.removedByDedupe();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                apply(beforeCopy, c, batch);
                encoder.encode(batch);
                long copied = batch.size() == 0 ? 0 : copy(c, COPY_DIRECT);
                if (copied != batch.size()) {
                    // Never store the offsets of rows the server did not take: that would be a silent loss.
                    rollbackQuietly(c);
                    throw new IllegalStateException("COPY stored " + copied + " of " + batch.size() + " readings");
                }
                apply(afterCopy, c, batch);
                offsets.upsert(c, batch.nextOffsets());
                c.commit();
                committed.committed(batch);
                return new SinkResult(copied, repeated, false);
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (!TransientSqlErrors.isUniqueViolation(e)) {
                    throw e;
                }
                LOG.debug("Batch of {} rows meets stored readings, redoing it with ON CONFLICT DO NOTHING",
                        batch.size());
            }
            try {
                try (Statement st = c.createStatement()) {
                    st.execute(CREATE_STAGING);
                }
                apply(beforeCopy, c, batch);
                encoder.encode(batch);
                long staged = copy(c, COPY_STAGING);
                if (staged != batch.size()) {
                    rollbackQuietly(c);
                    throw new IllegalStateException("COPY staged " + staged + " of " + batch.size() + " readings");
                }
                long inserted = merge(c);
                apply(afterCopy, c, batch);
                offsets.upsert(c, batch.nextOffsets());
                c.commit();
                if (added.size() > 0) {
                    committed.committed(added);
                }
                return new SinkResult(inserted, repeated + (batch.size() - inserted), true);
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    /** The fallback's insert; fills {@link #added} when someone listens for committed rows. */
    private long merge(Connection c) throws SQLException {
        added.clear();
        try (Statement st = c.createStatement()) {
            if (committed == CommittedRows.NONE) {
                return st.executeUpdate(MERGE_STAGING);
            }
            long inserted = 0;
            try (ResultSet rs = st.executeQuery(MERGE_STAGING_RETURNING)) {
                while (rs.next()) {
                    Instant t = rs.getObject(1, OffsetDateTime.class).toInstant();
                    added.add(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000, rs.getInt(2), rs.getShort(3),
                            rs.getDouble(4), rs.getShort(5), rs.getInt(6));
                    inserted = rs.getLong(7);
                }
            }
            return inserted;
        }
    }

    private static void apply(List<SinkStep> steps, Connection c, ReadingBatch batch) throws SQLException {
        for (SinkStep step : steps) {
            step.apply(c, batch);
        }
    }

    private long copy(Connection c, String sql) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            byte[] buf = encoder.buffer();
            int length = encoder.length();
            for (int off = 0; off < length; off += CHUNK) {
                copy.writeToCopy(buf, off, Math.min(CHUNK, length - off));
            }
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    LOG.debug("Cancelling a failed COPY failed too: {}", e.getMessage());
                }
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is probably gone; the pool discards it and the server rolled the transaction back.
            LOG.debug("Rollback failed: {}", e.getMessage());
        }
    }
}
