package org.quantrac.launcher.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.quantrac.core.record.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, an MQTT broker and (unless a database is given) PostgreSQL, all started by this process for the demo, and
 * the configuration keys that point every role at them. Nothing needs to be installed. {@link #close} stops them in
 * reverse order and may be called more than once.
 */
public final class EmbeddedServices implements AutoCloseable {

    // Created with the class, before the background start below: SLF4J initialising on two threads at once drops
    // the first log lines of one of them.
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    static final String CONNECTOR_USER = "quantrac-connector";
    static final String GATEWAY_USER = "quantrac-gateway";

    /** A database that is already running (TimescaleDB or PostgreSQL), used instead of the embedded one. */
    public record ExternalDatabase(String url, String user, String password) {
        @Override
        public String toString() {
            return "ExternalDatabase[url=" + url + ", user=" + user + ", password=****]";
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, String> settings = new HashMap<>();
    private String psql = "";
    private CompletableFuture<EmbeddedDatabase> postgres;
    private boolean closed;

    private EmbeddedServices() {
    }

    /**
     * @param dataDir      an empty folder for the servers' files (see {@link DemoDataDir})
     * @param stationCodes the stations that log in to the MQTT broker, each with its own password
     * @param database     a running database to use, or empty for an embedded PostgreSQL
     * @param progress     one line per server when it is ready
     */
    public static EmbeddedServices start(Path dataDir, Collection<String> stationCodes,
                                         Optional<ExternalDatabase> database, Consumer<String> progress)
            throws IOException {
        EmbeddedServices s = new EmbeddedServices();
        try {
            s.startAll(dataDir, stationCodes, database, progress);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startAll(Path dataDir, Collection<String> stationCodes, Optional<ExternalDatabase> database,
                          Consumer<String> progress) throws IOException {
        long t = System.nanoTime();
        // PostgreSQL is a child process that mostly waits for initdb: it starts while Kafka starts here.
        if (database.isEmpty()) {
            postgres = CompletableFuture.supplyAsync(() -> {
                try {
                    return EmbeddedDatabase.start(dataDir.resolve("postgres"), DemoDataDir.postgresBinaries());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, r -> new Thread(r, "embedded-postgres-start").start());
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), Duration.ofSeconds(120));
        started.add(kafka);
        kafka.createTopics(List.of(Topics.READINGS, Topics.READINGS_DLQ, Topics.STATION_EVENTS, Topics.ALERTS), 6,
                Duration.ofSeconds(60));
        progress.accept("Kafka (KRaft, in this process) on " + kafka.bootstrapServers() + since(t));
        settings.put("kafka.bootstrapServers", kafka.bootstrapServers());

        t = System.nanoTime();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : stationCodes) {
            passwords.put(user, newPassword());
        }
        passwords.put(CONNECTOR_USER, newPassword());
        passwords.put(GATEWAY_USER, newPassword());
        Path credentials = writeCredentials(dataDir.resolve("mqtt-credentials.properties"), passwords);
        EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(passwords, Set.of(CONNECTOR_USER), GATEWAY_USER);
        started.add(mqtt);
        progress.accept("MQTT 3.1.1 broker (Moquette, in this process) on " + mqtt.serverUri() + since(t));
        settings.put("connectors.mqtt.serverUri", mqtt.serverUri());
        settings.put("connectors.mqtt.username", CONNECTOR_USER);
        settings.put("connectors.mqtt.password", passwords.get(CONNECTOR_USER));
        // Moquette speaks MQTT 3.1.1 only; 3.1.1 has no shared subscriptions, and one connector needs none.
        settings.put("connectors.mqtt.protocolVersion", "3");
        settings.put("connectors.mqtt.shareGroup", "none");
        settings.put("connectors.buffer.dir", dataDir.resolve("connector-buffer").toString());
        settings.put("simulator.mqtt.serverUri", mqtt.serverUri());
        settings.put("simulator.mqtt.protocolVersion", "3");
        settings.put("simulator.credentialsFile", credentials.toString());

        if (database.isPresent()) {
            ExternalDatabase db = database.get();
            settings.put("db.url", db.url());
            settings.put("db.user", db.user());
            settings.put("db.password", db.password());
            psql = "psql " + db.url().replace("jdbc:", "") + " -U " + db.user();
            progress.accept("database " + db.url() + " (given with --db-url)");
        } else {
            EmbeddedDatabase db = awaitPostgres();
            progress.accept("PostgreSQL 17 (embedded, without TimescaleDB) on 127.0.0.1:" + db.port()
                    + " (started alongside Kafka)");
            settings.put("db.url", db.jdbcUrl());
            settings.put("db.user", db.user());
            settings.put("db.password", db.password());
            psql = "psql " + db.jdbcUrl().replace("jdbc:", "") + " -U " + db.user();
        }
    }

    private EmbeddedDatabase awaitPostgres() throws IOException {
        try {
            return postgres.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static String since(long startNanos) {
        return String.format(" (%.1f s)", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String newPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static Path writeCredentials(Path file, Map<String, String> passwords) throws IOException {
        StringBuilder b = new StringBuilder("# MQTT users of the demo's embedded broker (new every run): user=password\n");
        passwords.forEach((user, password) -> b.append(user).append('=').append(password).append('\n'));
        Files.writeString(file, b, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The loopback ports the embedded servers listen on (Kafka, MQTT, PostgreSQL when embedded). */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (AutoCloseable c : started) {
            if (c instanceof EmbeddedKafka k) {
                ports.add(k.port());
            } else if (c instanceof EmbeddedMqttBroker m) {
                ports.add(m.port());
            }
        }
        if (postgres != null && postgres.isDone() && !postgres.isCompletedExceptionally()) {
            ports.add(postgres.join().port());
        }
        return ports;
    }

    /** Configuration keys of every role pointing at these servers. */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /** A psql command line for the database (without its password). */
    public String psql() {
        return psql;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (postgres != null) {
            // Started (or starting) in the background: wait for it, so that no PostgreSQL outlives the demo.
            try {
                started.add(postgres.join());
            } catch (CompletionException e) {
                // it did not start: nothing to stop
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}",
                        started.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
