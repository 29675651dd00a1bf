package org.quantrac.processor.rollup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.TreeSet;
import java.util.Set;
import org.quantrac.processor.sink.ReadingBatch;
import org.quantrac.processor.sink.SinkStep;

/**
 * Marks the (station, hour) pairs a batch touched in {@code rollup_dirty}, in the batch's own transaction: a crash can
 * never store readings whose rollups nobody will recompute. One statement per batch (arrays), not one per pair.
 */
public final class RollupMarks implements SinkStep {

    static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final String MARK = "INSERT INTO rollup_dirty (station_id, hour_start) "
            + "SELECT s, to_timestamp(h * 3600) FROM unnest(?::integer[], ?::bigint[]) AS u(s, h) "
            // Not DO NOTHING: that leaves an existing mark unlocked, so a rollup run could take (delete) it and
            // aggregate the hour without this transaction's rows, which it cannot see yet; the hour would then never
            // be recomputed. Locking the mark (WHERE false: locked, not rewritten) makes the run skip it (SKIP
            // LOCKED) until this transaction commits, or makes this one wait and insert a new mark after the run.
            + "ON CONFLICT (station_id, hour_start) DO UPDATE SET hour_start = EXCLUDED.hour_start WHERE false";

    @Override
    public void apply(Connection c, ReadingBatch batch) throws SQLException {
        if (batch.size() == 0) {
            return;
        }
        // sorted: concurrent batches then lock the same keys in the same order (no deadlocks)
        Set<Long> pairs = new TreeSet<>();
        for (int i = 0; i < batch.size(); i++) {
            long hour = Math.floorDiv(batch.epochMicros(i), MICROS_PER_HOUR);
            pairs.add((long) batch.stationId(i) << 32 | (hour & 0xFFFF_FFFFL));
        }
        Integer[] stations = new Integer[pairs.size()];
        Long[] hours = new Long[pairs.size()];
        int k = 0;
        for (long pair : pairs) {
            stations[k] = (int) (pair >> 32);
            hours[k] = (long) (int) pair;
            k++;
        }
        Array stationArray = c.createArrayOf("integer", stations);
        Array hourArray = c.createArrayOf("bigint", hours);
        try (PreparedStatement ps = c.prepareStatement(MARK)) {
            ps.setArray(1, stationArray);
            ps.setArray(2, hourArray);
            ps.executeUpdate();
        } finally {
            stationArray.free();
            hourArray.free();
        }
    }
}
