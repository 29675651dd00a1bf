package org.quantrac.portal.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.quantrac.core.station.Station;

/**
 * What happened at a station, for technicians: gaps (no reading for more than three sampling intervals),
 * calibrations (status 01) and device errors (status 02), as periods, from the stored readings.
 */
public final class StationTimeline {

    /** A period; {@code kind} GAP, CALIBRATION or DEVICE_ERROR. */
    public record Event(String kind, Instant from, Instant to) {
    }

    private final DataSource dataSource;

    public StationTimeline(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Event> events(Station station, TimeWindow w) {
        List<Instant> times = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT time, max(status) FROM reading WHERE station_id = ? "
                     + "AND time >= ? AND time < ? GROUP BY time ORDER BY time")) {
            st.setInt(1, station.id());
            st.setObject(2, SeriesQueries.odt(w.from()));
            st.setObject(3, SeriesQueries.odt(w.to()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    times.add(SeriesQueries.instant(rs, 1));
                    statuses.add(rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("timeline query failed: " + e.getMessage(), e);
        }
        return events(times, statuses, station.interval(), w);
    }

    /** Pure: the periods in readings at {@code times} (ascending) with their worst status. */
    static List<Event> events(List<Instant> times, List<Integer> statuses, Duration interval, TimeWindow w) {
        List<Event> out = new ArrayList<>();
        Duration gap = interval.multipliedBy(3);
        if (times.isEmpty()) {
            out.add(new Event("GAP", w.from(), w.to()));
            return out;
        }
        if (Duration.between(w.from(), times.get(0)).compareTo(gap) > 0) {
            out.add(new Event("GAP", w.from(), times.get(0)));
        }
        int runStatus = 0;
        Instant runStart = null;
        for (int i = 0; i < times.size(); i++) {
            Instant t = times.get(i);
            if (i > 0 && Duration.between(times.get(i - 1), t).compareTo(gap) > 0) {
                if (runStatus != 0) {
                    out.add(new Event(kind(runStatus), runStart, times.get(i - 1).plus(interval)));
                    runStatus = 0;
                }
                out.add(new Event("GAP", times.get(i - 1), t));
            }
            int s = statuses.get(i);
            if (s != runStatus) {
                if (runStatus != 0) {
                    out.add(new Event(kind(runStatus), runStart, t));
                }
                runStatus = s;
                runStart = t;
            }
        }
        Instant last = times.get(times.size() - 1);
        if (runStatus != 0) {
            out.add(new Event(kind(runStatus), runStart, last.plus(interval)));
        }
        if (Duration.between(last, w.to()).compareTo(gap) > 0) {
            out.add(new Event("GAP", last, w.to()));
        }
        out.sort(java.util.Comparator.comparing(Event::from));
        return out;
    }

    private static String kind(int status) {
        return status == 1 ? "CALIBRATION" : "DEVICE_ERROR";
    }
}
