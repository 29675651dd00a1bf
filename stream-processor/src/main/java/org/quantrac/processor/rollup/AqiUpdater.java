package org.quantrac.processor.rollup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.quantrac.core.parameter.Medium;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.processor.aqi.AqiResult;
import org.quantrac.processor.aqi.HourlySeries;
import org.quantrac.processor.aqi.Pollutant;
import org.quantrac.processor.aqi.UsAqi;
import org.quantrac.processor.aqi.VnAqi;

/**
 * Recomputes VN_AQI and US AQI of AQI-eligible stations for the hours just rolled up (in {@code rollup_taken}) and the
 * hours and local days that depend on them: a changed hour moves the NowCast of the next 11 hours and the 8-hour means
 * of the next 7. Input is the valid hourly means of {@code reading_hourly}; runs in the rollup's transaction.
 */
public final class AqiUpdater {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final String AFFECTED = "SELECT t.station_id, min(t.hour_start), max(t.hour_start) "
            + "FROM rollup_taken t JOIN station s ON s.id = t.station_id WHERE s.aqi_eligible GROUP BY t.station_id";
    private static final String MEANS = "SELECT parameter_id, hour_start, avg_value FROM reading_hourly "
            + "WHERE station_id = ? AND hour_start >= ? AND hour_start < ? AND valid AND parameter_id = ANY(?)";
    private static final String UPSERT_HOURLY = "INSERT INTO aqi_hourly (station_id, index_kind, hour_start, aqi, "
            + "dominant, sub_indices, updated_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, now()) "
            + "ON CONFLICT (station_id, index_kind, hour_start) DO UPDATE SET aqi = EXCLUDED.aqi, "
            + "dominant = EXCLUDED.dominant, sub_indices = EXCLUDED.sub_indices, updated_at = now()";
    private static final String UPSERT_DAILY = "INSERT INTO aqi_daily (station_id, index_kind, day, aqi, dominant, "
            + "sub_indices, updated_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, now()) "
            + "ON CONFLICT (station_id, index_kind, day) DO UPDATE SET aqi = EXCLUDED.aqi, "
            + "dominant = EXCLUDED.dominant, sub_indices = EXCLUDED.sub_indices, updated_at = now()";

    /** The two indices, by the name stored in {@code index_kind}. */
    private static final Map<String, BiFunction<HourlySeries, Integer, Optional<AqiResult>>> HOURLY = Map.of(
            "VN_AQI", VnAqi::hourly, "US_AQI", UsAqi::hourly);
    private static final Map<String, BiFunction<HourlySeries, Integer, Optional<AqiResult>>> DAILY = Map.of(
            "VN_AQI", VnAqi::daily, "US_AQI", UsAqi::daily);

    private final ZoneId zone;
    private final Map<Integer, Pollutant> pollutantByParameter = new HashMap<>();

    public AqiUpdater(ParameterCatalog parameters, ZoneId zone) {
        this.zone = zone;
        for (Pollutant p : Pollutant.values()) {
            parameters.bySymbol(Medium.AIR, p.symbol())
                    .ifPresent(parameter -> pollutantByParameter.put(parameter.id(), p));
        }
    }

    /** A station's marked hours: the first and the last. */
    private record Span(int stationId, Instant firstHour, Instant lastHour) {
    }

    void update(Connection c) throws SQLException {
        List<Span> spans = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(AFFECTED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                spans.add(new Span(rs.getInt(1), utc(rs, 2), utc(rs, 3)));
            }
        }
        if (spans.isEmpty() || pollutantByParameter.isEmpty()) {
            return;
        }
        try (PreparedStatement hourly = c.prepareStatement(UPSERT_HOURLY);
             PreparedStatement daily = c.prepareStatement(UPSERT_DAILY)) {
            for (Span span : spans) {
                update(c, span, hourly, daily);
            }
            hourly.executeBatch();
            daily.executeBatch();
        }
    }

    private void update(Connection c, Span span, PreparedStatement hourly, PreparedStatement daily)
            throws SQLException {
        LocalDate firstDay = LocalDate.ofInstant(span.firstHour(), zone);
        LocalDate lastDay = LocalDate.ofInstant(span.lastHour().plus(Duration.ofHours(7)), zone);
        Instant lastHourly = span.lastHour().plus(Duration.ofHours(11));
        Instant from = firstDay.atStartOfDay(zone).toInstant().minus(Duration.ofHours(12));
        Instant to = lastDay.plusDays(1).atStartOfDay(zone).toInstant();
        if (lastHourly.plus(HOUR).isAfter(to)) {
            to = lastHourly.plus(HOUR);
        }
        int hours = (int) Duration.between(from, to).toHours();
        HourlySeries series = new HourlySeries(hours);
        boolean[] hasData = new boolean[hours];
        read(c, span.stationId(), from, to, series, hasData);

        for (Instant h = span.firstHour(); !h.isAfter(lastHourly); h = h.plus(HOUR)) {
            int t = index(from, h);
            if (!hasData[t]) {
                continue; // no AQI for an hour without measurements (e.g. one that has not happened yet)
            }
            for (var e : HOURLY.entrySet()) {
                Optional<AqiResult> r = e.getValue().apply(series, t);
                if (r.isPresent()) {
                    add(hourly, span.stationId(), e.getKey(), r.get());
                    hourly.setObject(3, h.atOffset(ZoneOffset.UTC));
                    hourly.addBatch();
                }
            }
        }
        for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
            int dayStart = index(from, d.atStartOfDay(zone).toInstant());
            if (!any(hasData, dayStart, dayStart + 24)) {
                continue;
            }
            for (var e : DAILY.entrySet()) {
                Optional<AqiResult> r = e.getValue().apply(series, dayStart);
                if (r.isPresent()) {
                    add(daily, span.stationId(), e.getKey(), r.get());
                    daily.setObject(3, d);
                    daily.addBatch();
                }
            }
        }
    }

    private void read(Connection c, int stationId, Instant from, Instant to, HourlySeries series, boolean[] hasData)
            throws SQLException {
        Array ids = c.createArrayOf("smallint", pollutantByParameter.keySet().stream()
                .map(Integer::shortValue).toArray(Short[]::new));
        try (PreparedStatement ps = c.prepareStatement(MEANS)) {
            ps.setInt(1, stationId);
            ps.setObject(2, from.atOffset(ZoneOffset.UTC));
            ps.setObject(3, to.atOffset(ZoneOffset.UTC));
            ps.setArray(4, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int t = index(from, utc(rs, 2));
                    double mean = rs.getDouble(3);
                    if (!rs.wasNull()) {
                        series.set(pollutantByParameter.get(rs.getInt(1)), t, mean);
                        hasData[t] = true;
                    }
                }
            }
        } finally {
            ids.free();
        }
    }

    private static void add(PreparedStatement ps, int stationId, String kind, AqiResult r) throws SQLException {
        ps.setInt(1, stationId);
        ps.setString(2, kind);
        ps.setInt(4, r.aqi());
        ps.setString(5, r.dominant().symbol());
        ps.setString(6, r.subIndicesJson());
    }

    /** timestamptz as an instant, independent of the JVM's time zone. */
    private static Instant utc(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static int index(Instant from, Instant hour) {
        return (int) Duration.between(from, hour).toHours();
    }

    private static boolean any(boolean[] a, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(a.length, to); i++) {
            if (a[i]) {
                return true;
            }
        }
        return false;
    }
}
