package org.quantrac.portal.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Which optional tables of other modules exist in the portal's schema: the processor's rollups, AQI and latest values,
 * the alerting module's alerts. The portal starts without them (e.g. before the processor ever ran) and uses them once
 * they appear; the answer is cached for a minute so requests do not ask the catalog each time.
 */
public final class SchemaFeatures {

    /** What exists. */
    public record Present(boolean rollups, boolean aqi, boolean alerts, boolean latest) {
    }

    private static final Duration TTL = Duration.ofMinutes(1);
    private record Cached(Present present, long atNanos) {
    }

    private final DataSource dataSource;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    public SchemaFeatures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Present get() {
        Cached c = cached.get();
        long now = System.nanoTime();
        if (c != null && now - c.atNanos() < TTL.toNanos()) {
            return c.present();
        }
        Present p = probe();
        cached.set(new Cached(p, now));
        return p;
    }

    private Present probe() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT to_regclass('reading_hourly') IS NOT NULL "
                     + "AND to_regclass('reading_daily') IS NOT NULL, to_regclass('aqi_hourly') IS NOT NULL "
                     + "AND to_regclass('aqi_daily') IS NOT NULL, to_regclass('alert') IS NOT NULL, "
                     + "to_regclass('reading_latest') IS NOT NULL");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Present(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the database schema: " + e.getMessage(), e);
        }
    }
}
