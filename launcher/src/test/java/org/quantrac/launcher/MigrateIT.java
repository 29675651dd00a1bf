package org.quantrac.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.core.testing.TestServices;

/** {@code ./quantrac migrate} creates every module's tables in a fresh schema, seeds the catalog, and is repeatable. */
class MigrateIT {

    @TempDir
    Path dir;

    @Test
    void migrateCreatesEveryModulesTablesAndSeedsTheCatalogTwiceOverWithoutHarm() throws Exception {
        String schema = TestServices.unique("it_migrate");
        Path config = dir.resolve("quantrac.yaml");
        Files.writeString(config, "db:\n  url: " + TestServices.dbUrl() + "\n  user: " + TestServices.dbUser()
                + "\n  password: " + TestServices.dbPassword() + "\nmigrate:\n  schema: " + schema + "\n");

        assertThat(Main.commandLine().execute("migrate", "--config", config.toString())).isZero();
        assertThat(Main.commandLine().execute("migrate", "--config", config.toString())).as("second run").isZero();

        try (Connection c = DriverManager.getConnection(TestServices.dbUrl(), TestServices.dbUser(),
                TestServices.dbPassword()); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("station", "parameter", "reading", "ingest_offset", // core
                    "reading_hourly", "reading_daily", "aqi_hourly", // processor
                    "alert", "alert_event"); // alerting
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".station")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(140);
            }
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aBadSchemaNameStopsWithAClearMessage() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "migrate:\n  schema: \"Robert'); DROP TABLE station;--\"\n");
        var err = new java.io.StringWriter();
        var cli = Main.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute("migrate", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("quantrac migrate: configuration migrate.schema")
                .contains("SQL identifier").doesNotContain("\tat ");
    }
}
