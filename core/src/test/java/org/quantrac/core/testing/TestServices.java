package org.quantrac.core.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.quantrac.core.config.DatabaseConfig;

/**
 * The real servers integration tests run against, found through the variables {@code ./quantrac services up} prints
 * ({@code ./quantrac test} sets them). A missing variable fails the test with the command that fixes it.
 */
public final class TestServices {

    private static final String HOW = "start the services with `./quantrac services up` and export what "
            + "`./quantrac services env` prints (or run everything with `./quantrac test`)";

    private TestServices() {
    }

    private static String require(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("integration test needs " + name + ": " + HOW);
        }
        return v;
    }

    /** Kafka bootstrap servers (host:port). */
    public static String kafka() {
        return require("QUANTRAC_TEST_KAFKA");
    }

    /** MQTT broker URI (tcp://host:port). */
    public static String mqtt() {
        return require("QUANTRAC_TEST_MQTT");
    }

    /** user=password lines: one per station code, plus quantrac-connector and quantrac-gateway. */
    public static Properties mqttCredentials() {
        Path file = Path.of(require("QUANTRAC_TEST_MQTT_CREDENTIALS"));
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read MQTT credentials " + file + ": " + HOW, e);
        }
        return p;
    }

    public static Path mqttCredentialsFile() {
        return Path.of(require("QUANTRAC_TEST_MQTT_CREDENTIALS"));
    }

    public static String dbUrl() {
        return require("QUANTRAC_TEST_DB_URL");
    }

    public static String dbUser() {
        String v = System.getenv("QUANTRAC_TEST_DB_USER");
        return v == null ? "quantrac" : v;
    }

    public static String dbPassword() {
        String v = System.getenv("QUANTRAC_TEST_DB_PASSWORD");
        return v == null ? "quantrac" : v;
    }

    /** A name no other test run uses, for topics, consumer groups, client ids and schemas. */
    public static String unique(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    /**
     * A new empty schema of its own for one test class; connections of the returned config use it first and find
     * TimescaleDB's functions in {@code public}. Migrate it with {@code SchemaMigration.migrate(ds, schema, …)}.
     */
    public static DatabaseConfig freshSchema(String schema) {
        try (Connection c = DriverManager.getConnection(dbUrl(), dbUser(), dbPassword());
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " in " + dbUrl() + ": " + HOW, e);
        }
        String sep = dbUrl().contains("?") ? "&" : "?";
        return new DatabaseConfig(dbUrl() + sep + "currentSchema=" + schema + ",public", dbUser(), dbPassword(), 4);
    }
}
