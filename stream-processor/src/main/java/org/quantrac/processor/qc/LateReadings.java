package org.quantrac.processor.qc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import org.quantrac.core.reading.QcFlag;
import org.quantrac.processor.sink.ReadingBatch;
import org.quantrac.processor.sink.SinkStep;

/**
 * Flags {@link QcFlag#LATE} readings whose hour had already been rolled up after it ended: the published hourly value
 * changes because of them. Runs in the batch's transaction just before the rows are written; only rows of hours that
 * have ended are looked up, so in steady operation it costs nothing but a loop over the batch.
 */
public final class LateReadings implements SinkStep {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final String ROLLED_UP = "SELECT h.station_id, h.parameter_id, "
            + "(extract(epoch FROM h.hour_start) / 3600)::bigint FROM reading_hourly h "
            + "JOIN unnest(?::integer[], ?::bigint[]) AS u(s, hr) ON h.station_id = u.s "
            + "AND h.hour_start = to_timestamp(u.hr * 3600) "
            + "WHERE h.updated_at >= h.hour_start + interval '1 hour'";

    private final LongSupplier nowEpochMicros;

    /** @param nowEpochMicros the clock (tests pass their own) */
    public LateReadings(LongSupplier nowEpochMicros) {
        this.nowEpochMicros = nowEpochMicros;
    }

    private record Key(int station, int parameter, long hour) {
    }

    @Override
    public void apply(Connection c, ReadingBatch batch) throws SQLException {
        long currentHour = Math.floorDiv(nowEpochMicros.getAsLong(), MICROS_PER_HOUR);
        Set<Long> pairs = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            long hour = Math.floorDiv(batch.epochMicros(i), MICROS_PER_HOUR);
            if (hour < currentHour) {
                pairs.add((long) batch.stationId(i) << 32 | (hour & 0xFFFF_FFFFL));
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        Integer[] stations = new Integer[pairs.size()];
        Long[] hours = new Long[pairs.size()];
        int k = 0;
        for (long pair : pairs) {
            stations[k] = (int) (pair >> 32);
            hours[k] = (long) (int) pair;
            k++;
        }
        Set<Key> rolledUp = new HashSet<>();
        Array s = c.createArrayOf("integer", stations);
        Array h = c.createArrayOf("bigint", hours);
        try (PreparedStatement ps = c.prepareStatement(ROLLED_UP)) {
            ps.setArray(1, s);
            ps.setArray(2, h);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rolledUp.add(new Key(rs.getInt(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        } finally {
            s.free();
            h.free();
        }
        if (rolledUp.isEmpty()) {
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Key key = new Key(batch.stationId(i), batch.parameterId(i),
                    Math.floorDiv(batch.epochMicros(i), MICROS_PER_HOUR));
            if (rolledUp.contains(key)) {
                batch.addFlags(i, QcFlag.LATE.bit());
            }
        }
    }
}
