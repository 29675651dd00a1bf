package org.quantrac.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;

/**
 * TimescaleDB, Kafka and Mosquitto in containers, started once per test JVM and stopped by Testcontainers' reaper
 * when it exits. Configured like {@code scripts/services.sh} sets up the local services (same database, user and
 * password; per-station MQTT users and the same ACL), so tests cannot tell the two apart. Loaded only by reflection
 * from {@link TestServices}, and only when {@link ServiceSource} chose Testcontainers.
 */
final class ContainerServices implements ProvidedServices {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerServices.class);

    static final String TIMESCALEDB_IMAGE = "timescale/timescaledb:2.19.3-pg17";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String MOSQUITTO_IMAGE = "eclipse-mosquitto:2.0.22";

    private static ContainerServices instance;

    private final String kafka;
    private final String mqtt;
    private final Path credentials;
    private final String dbUrl;

    private ContainerServices(String kafka, String mqtt, Path credentials, String dbUrl) {
        this.kafka = kafka;
        this.mqtt = mqtt;
        this.credentials = credentials;
        this.dbUrl = dbUrl;
    }

    /** Called reflectively by TestServices: whether a Docker engine answers. */
    public static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** Called reflectively by TestServices: the running containers, started on first use. */
    public static synchronized ProvidedServices start() {
        if (instance == null) {
            instance = startAll();
        }
        return instance;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper at JVM exit: shared by every test class
    private static ContainerServices startAll() {
        long t0 = System.nanoTime();
        GenericContainer<?> db = new GenericContainer<>(TIMESCALEDB_IMAGE)
                .withEnv("POSTGRES_USER", "quantrac").withEnv("POSTGRES_PASSWORD", "quantrac")
                .withEnv("POSTGRES_DB", "quantrac").withEnv("TIMESCALEDB_TELEMETRY", "off")
                .withExposedPorts(5432)
                // The image's init runs a temporary server first: ready is the second announcement.
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        Map<String, String> users = credentials();
        GenericContainer<?> mqtt = new GenericContainer<>(MOSQUITTO_IMAGE)
                .withCopyToContainer(Transferable.of(MOSQUITTO_CONF), "/mosquitto/config/mosquitto.conf")
                .withCopyToContainer(Transferable.of(ACL), "/mosquitto/config/acl")
                .withCopyToContainer(Transferable.of(passwd(users), 0600), "/mosquitto/config/passwd")
                // mosquitto_passwd -U hashes the plain-text file in place before the broker reads it.
                .withCommand("sh", "-c", "mosquitto_passwd -U /mosquitto/config/passwd"
                        + " && chown mosquitto:mosquitto /mosquitto/config/passwd"
                        + " && exec mosquitto -c /mosquitto/config/mosquitto.conf")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort());
        db.start();
        kafka.start();
        mqtt.start();
        ContainerServices s = new ContainerServices(kafka.getBootstrapServers(),
                "tcp://" + mqtt.getHost() + ":" + mqtt.getMappedPort(1883), writeCredentials(users),
                "jdbc:postgresql://" + db.getHost() + ":" + db.getMappedPort(5432) + "/quantrac");
        LOG.info("Testcontainers services up in {} s: kafka {}, mqtt {}, db {}", (System.nanoTime() - t0) / 1_000_000_000,
                s.kafka, s.mqtt, s.dbUrl);
        return s;
    }

    private static final String MOSQUITTO_CONF = """
            per_listener_settings false
            listener 1883
            allow_anonymous false
            password_file /mosquitto/config/passwd
            acl_file /mosquitto/config/acl
            persistence false
            persistent_client_expiration 1d
            max_queued_messages 100000
            max_queued_bytes 0
            max_inflight_messages 1000
            set_tcp_nodelay true
            log_dest stdout
            """;

    /** As scripts/services.sh writes it. */
    private static final String ACL = """
            user quantrac-connector
            topic read stations/#

            user quantrac-gateway
            topic write stations/#

            pattern write stations/%u/#
            """;

    /** One user per station code, plus the connector and the gateway, with random passwords. */
    private static Map<String, String> credentials() {
        SecureRandom random = new SecureRandom();
        Map<String, String> users = new LinkedHashMap<>();
        users.put("quantrac-connector", null);
        users.put("quantrac-gateway", null);
        for (Station s : StationCatalog.builtIn().all()) {
            users.put(s.code(), null);
        }
        users.replaceAll((u, p) -> {
            byte[] b = new byte[12];
            random.nextBytes(b);
            return HexFormat.of().formatHex(b);
        });
        return users;
    }

    private static String passwd(Map<String, String> users) {
        StringBuilder sb = new StringBuilder();
        users.forEach((u, p) -> sb.append(u).append(':').append(p).append('\n'));
        return sb.toString();
    }

    /** The user=password file TestServices.mqttCredentials() reads (the format of ./quantrac services). */
    private static Path writeCredentials(Map<String, String> users) {
        try {
            Path file = Files.createTempFile("quantrac-mqtt-credentials", ".properties");
            file.toFile().deleteOnExit();
            StringBuilder sb = new StringBuilder();
            users.forEach((u, p) -> sb.append(u).append('=').append(p).append('\n'));
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MQTT credentials of the Testcontainers broker", e);
        }
    }

    @Override
    public String kafka() {
        return kafka;
    }

    @Override
    public String mqtt() {
        return mqtt;
    }

    @Override
    public Path mqttCredentialsFile() {
        return credentials;
    }

    @Override
    public String dbUrl() {
        return dbUrl;
    }
}
