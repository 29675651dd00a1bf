package org.quantrac.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.quantrac.core.config.DatabaseConfig;

/** Connection pools and database facts. */
public final class Database {

    private Database() {
    }

    /** A pool for one role; {@code name} shows up in pool logs and metrics. */
    public static HikariDataSource pool(DatabaseConfig config, String name) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setPoolName(name);
        hc.setConnectionTimeout(10_000);
        // Fail at startup if the database is not there: "start means ready".
        hc.setInitializationFailTimeout(10_000);
        return new HikariDataSource(hc);
    }

    /** Whether the reading table is a TimescaleDB hypertable in the connection's schema. */
    public static boolean isHypertable(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return false;
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables "
                     + "WHERE hypertable_schema = current_schema() AND hypertable_name = 'reading'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
