package org.quantrac.processor.latest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;

/**
 * Writes {@code reading_latest} (processor migration V101). Every write is the same guarded upsert: a row is replaced
 * only by a newer time, so concurrent writers (several processors, a refresh and a flush, a late reading) end with
 * the newest stored reading whatever their order, and an equal time leaves the row alone. Rows go in (station,
 * parameter) order, so two writers lock shared rows in the same order and cannot deadlock each other.
 */
public final class LatestStore {

    private static final String UPSERT_TAIL = " ORDER BY 1, 2 ON CONFLICT (station_id, parameter_id) DO UPDATE "
            + "SET time = excluded.time, value = excluded.value, status = excluded.status, "
            + "qc_flags = excluded.qc_flags WHERE l.time < excluded.time";
    private static final String INSERT = "INSERT INTO reading_latest AS l "
            + "(station_id, parameter_id, time, value, status, qc_flags) ";
    // Times travel as epoch microseconds; interval arithmetic on them is exact below 2^53 µs (the year 2255).
    private static final String UPSERT = INSERT + "SELECT s, p, timestamptz 'epoch' + us * interval '1 microsecond', "
            + "v, st, f FROM unnest(?::integer[], ?::smallint[], ?::bigint[], ?::float8[], ?::smallint[], "
            + "?::integer[]) AS u(s, p, us, v, st, f)" + UPSERT_TAIL;
    /** One backward index probe per series (newest chunk first), never a scan of the readings. */
    private static final String REFRESH = INSERT + "SELECT k.s, k.p, r.time, r.value, r.status, r.qc_flags "
            + "FROM unnest(?::integer[], ?::smallint[]) AS k(s, p) CROSS JOIN LATERAL (SELECT time, value, status, "
            + "qc_flags FROM reading WHERE reading.station_id = k.s AND reading.parameter_id = k.p "
            + "ORDER BY time DESC LIMIT 1) r" + UPSERT_TAIL;
    /** Series per refresh statement: keeps each statement's row locks short on very large catalogs. */
    private static final int REFRESH_CHUNK = 5_000;

    private LatestStore() {
    }

    /** Upserts drained rows (one statement, in the caller's transaction or autocommit); returns rows changed. */
    public static int upsert(Connection c, LatestValues.Pending rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        int n = rows.size();
        Integer[] stations = new Integer[n];
        Short[] parameters = new Short[n];
        Long[] micros = new Long[n];
        Double[] values = new Double[n];
        Short[] statuses = new Short[n];
        Integer[] flags = new Integer[n];
        for (int i = 0; i < n; i++) {
            stations[i] = rows.stationIds()[i];
            parameters[i] = rows.parameterIds()[i];
            micros[i] = rows.epochMicros()[i];
            values[i] = rows.values()[i];
            statuses[i] = rows.statuses()[i];
            flags[i] = rows.qcFlags()[i];
        }
        List<Array> arrays = List.of(c.createArrayOf("integer", stations), c.createArrayOf("smallint", parameters),
                c.createArrayOf("bigint", micros), c.createArrayOf("float8", values),
                c.createArrayOf("smallint", statuses), c.createArrayOf("integer", flags));
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (int i = 0; i < arrays.size(); i++) {
                ps.setArray(i + 1, arrays.get(i));
            }
            return ps.executeUpdate();
        } finally {
            for (Array a : arrays) {
                a.free();
            }
        }
    }

    /**
     * Brings {@code reading_latest} up to the newest stored reading of every parameter of the given stations, from
     * {@code reading} itself: corrects what a processor that stopped before flushing left behind, and rows written
     * into {@code reading} by anything else. Costs one index probe per series. Returns rows changed.
     */
    public static int refresh(Connection c, Collection<Station> stations) throws SQLException {
        List<Integer> stationIds = new ArrayList<>();
        List<Short> parameterIds = new ArrayList<>();
        for (Station s : stations) {
            for (Parameter p : s.parameters()) {
                stationIds.add(s.id());
                parameterIds.add((short) p.id());
            }
        }
        int changed = 0;
        for (int from = 0; from < stationIds.size(); from += REFRESH_CHUNK) {
            int to = Math.min(stationIds.size(), from + REFRESH_CHUNK);
            Array s = c.createArrayOf("integer", stationIds.subList(from, to).toArray());
            Array p = c.createArrayOf("smallint", parameterIds.subList(from, to).toArray());
            try (PreparedStatement ps = c.prepareStatement(REFRESH)) {
                ps.setArray(1, s);
                ps.setArray(2, p);
                changed += ps.executeUpdate();
            } finally {
                s.free();
                p.free();
            }
        }
        return changed;
    }
}
