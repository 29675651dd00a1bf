package org.quantrac.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.MqttSessions;
import org.quantrac.connectors.testing.StationClient;
import org.quantrac.connectors.testing.TlsBroker;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/**
 * The connector reads the services' Mosquitto over TLS ({@code ssl://}, username and password), trusting the dev CA
 * that {@code scripts/services.sh} made; a trust store without that CA fails the start with a message that says so.
 */
class MqttTlsIT {

    static final String STATION = "QN-AQ-05";

    final ConnectorFixture fixture = new ConnectorFixture();
    ConnectorsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        MqttSessions.discardV311(fixture.clientId); // harmless for an MQTT 5 run
    }

    ConnectorsConfig config(Map<String, String> extra) {
        Map<String, String> keys = fixture.keys();
        keys.put("connectors.mqtt.serverUri", TlsBroker.uri());
        keys.putAll(extra);
        ConfigSource source = ConfigSource.of(keys);
        ConnectorsConfig config = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        return config;
    }

    /**
     * The CA as the PEM file itself (5 with the default HiveMQ client, 5 with Paho, 3.1.1 with Paho, 3.1.1 with the
     * Vert.x client) and as a PKCS12 trust store with a password (p12).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"5", "paho5", "3", "p12", "vertx"})
    void readsOverTlsTrustingTheCa(String variant) throws Exception {
        Map<String, String> extra = new java.util.HashMap<>();
        if (variant.equals("p12")) {
            extra.put("connectors.mqtt.trustStore", pkcs12(TlsBroker.ca(), "s3cret").toString());
            extra.put("connectors.mqtt.trustStorePassword", "s3cret");
        } else {
            extra.put("connectors.mqtt.trustStore", TlsBroker.ca().toString());
            boolean v5 = variant.startsWith("paho5") || variant.equals("5");
            extra.put("connectors.mqtt.protocolVersion", v5 ? "5" : "3");
            if (variant.equals("paho5")) {
                extra.put("connectors.mqtt.client", "paho");
            }
            if (!v5) {
                extra.put("connectors.mqtt.shareGroup", StationTopic.NO_SHARING);
            }
            if (variant.equals("vertx")) {
                extra.put("connectors.mqtt.client", "vertx");
            }
        }
        ConnectorsConfig config = config(extra);
        app = ConnectorsApp.start(config, StationCatalog.builtIn(), OpsServer.newRegistry());
        assertThat(app.ready()).isTrue();

        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES)
                .minus(ThreadLocalRandom.current().nextInt(600, 5000), ChronoUnit.MINUTES)
                .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
        Set<Long> sent = new java.util.HashSet<>();
        try (StationClient station = new StationClient(STATION, TestServices.unique("aq05"));
             TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings)) {
            for (int i = 0; i < 10; i++) {
                Instant t = base.plusSeconds(i);
                sent.add(t.toEpochMilli());
                assertThat(station.publish("stations/" + STATION + "/data", "{\"time\":\"" + t.atOffset(ZoneOffset.UTC)
                        + "\",\"values\":[{\"parameter\":\"PM10\",\"value\":" + i + "}]}")).isZero();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ours(readings, sent).size() >= 10);
            assertThat(ours(readings, sent).stream().map(Observation::getTimeMs).collect(Collectors.toSet()))
                    .isEqualTo(sent);
        }
    }

    @ParameterizedTest(name = "client {0}")
    @ValueSource(strings = {"hivemq", "paho", "vertx"})
    void aTrustStoreWithoutTheBrokersCaFailsTheStartSayingSo(String client) throws Exception {
        Path otherCa = otherCa();
        ConnectorsConfig config = config(!client.equals("vertx")
                ? Map.of("connectors.mqtt.trustStore", otherCa.toString(), "connectors.mqtt.client", client)
                : Map.of("connectors.mqtt.trustStore", otherCa.toString(), "connectors.mqtt.client", client,
                        "connectors.mqtt.protocolVersion", "3", "connectors.mqtt.shareGroup", StationTopic.NO_SHARING));
        assertThatThrownBy(() -> app = ConnectorsApp.start(config, StationCatalog.builtIn(), OpsServer.newRegistry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the MQTT broker " + TlsBroker.uri())
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("connectors.mqtt.trustStore = '" + otherCa + "'")
                .hasMessageContaining("hold the CA that signed the broker's certificate");
    }

    @Test
    void anUnreadableTrustStoreIsAConfigurationError() throws Exception {
        Path garbage = Files.writeString(fixture.bufferDir.resolve("garbage.p12"), "not a key store");
        ConnectorsConfig config = config(Map.of("connectors.mqtt.trustStore", garbage.toString()));
        assertThatThrownBy(() -> app = ConnectorsApp.start(config, StationCatalog.builtIn(), OpsServer.newRegistry()))
                .hasMessageContaining("cannot use MQTT trust store " + garbage);
    }

    private Path pkcs12(Path pem, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path p = fixture.bufferDir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(p)) {
            store.store(out, password.toCharArray());
        }
        return p;
    }

    /** A CA certificate of another authority (self-signed by keytool), as PEM. */
    private Path otherCa() throws Exception {
        Path dir = fixture.bufferDir;
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path p12 = dir.resolve("other-ca.p12");
        Path pem = dir.resolve("other-ca.pem");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", "other", "-keyalg", "EC", "-dname", "CN=Some other CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", p12.toString(), "-storepass", "changeit"));
        run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "other", "-keystore", p12.toString(),
                "-storepass", "changeit", "-file", pem.toString()));
        return pem;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
    }

    private static List<Observation> ours(TopicReader reader, Set<Long> sent) {
        return reader.poll().stream().filter(r -> STATION.equals(r.key())).map(r -> {
            try {
                return Observation.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).filter(o -> sent.contains(o.getTimeMs())).collect(Collectors.toList());
    }
}
