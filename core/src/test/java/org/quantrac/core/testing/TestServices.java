package org.quantrac.core.testing;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.quantrac.core.config.DatabaseConfig;

/**
 * The real servers integration tests run against, found through the variables {@code ./quantrac services up} prints
 * ({@code ./quantrac test} sets them). Without any of those variables and with a Docker engine, TimescaleDB, Kafka
 * and Mosquitto are started with Testcontainers instead (once per test JVM; {@link ServiceSource} decides). A missing
 * service fails the test with the command that fixes it.
 */
public final class TestServices {

    private static final String HOW = "start the services with `./quantrac services up` and export what "
            + "`./quantrac services env` prints (or run everything with `./quantrac test`)";

    private TestServices() {
    }

    private static ServiceSource source;
    private static ProvidedServices containers;

    /** The choice, made once per JVM; Docker is asked only when no variable is set. */
    static synchronized ServiceSource source() {
        if (source == null) {
            Map<String, String> env = System.getenv();
            source = ServiceSource.choose(env, !ServiceSource.anySet(env) && dockerAvailable());
        }
        return source;
    }

    /**
     * Asks Testcontainers whether a Docker engine answers. ContainerServices is reached by reflection so that
     * modules whose tests use this class without Testcontainers on their class path never load its classes.
     */
    private static boolean dockerAvailable() {
        try {
            return (Boolean) Class.forName(CONTAINERS).getMethod("dockerAvailable").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private static final String CONTAINERS = "org.quantrac.core.testing.ContainerServices";

    private static synchronized ProvidedServices containers() {
        if (containers == null) {
            try {
                containers = (ProvidedServices) Class.forName(CONTAINERS).getMethod("start").invoke(null);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("Testcontainers could not start the services: "
                        + e.getCause().getMessage() + ". Alternatively: " + HOW, e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("Testcontainers is not on this module's test class path: " + HOW, e);
            }
        }
        return containers;
    }

    private static String require(String name, Function<ProvidedServices, String> fromContainers) {
        String v = System.getenv(name);
        if (v != null && !v.isBlank()) {
            return v;
        }
        ServiceSource s = source();
        switch (s.kind()) {
            case TESTCONTAINERS:
                return fromContainers.apply(containers());
            case MISSING:
                throw new IllegalStateException(s.message());
            default:
                // Some variables are set but not this one: the services are half announced.
                throw new IllegalStateException("integration test needs " + name + ": " + HOW);
        }
    }

    /** Kafka bootstrap servers (host:port). */
    public static String kafka() {
        return require("QUANTRAC_TEST_KAFKA", ProvidedServices::kafka);
    }

    /** MQTT broker URI (tcp://host:port). */
    public static String mqtt() {
        return require("QUANTRAC_TEST_MQTT", ProvidedServices::mqtt);
    }

    /** user=password lines: one per station code, plus quantrac-connector and quantrac-gateway. */
    public static Properties mqttCredentials() {
        Path file = mqttCredentialsFile();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read MQTT credentials " + file + ": " + HOW, e);
        }
        return p;
    }

    public static Path mqttCredentialsFile() {
        return Path.of(require("QUANTRAC_TEST_MQTT_CREDENTIALS", c -> c.mqttCredentialsFile().toString()));
    }

    public static String dbUrl() {
        return require("QUANTRAC_TEST_DB_URL", ProvidedServices::dbUrl);
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
