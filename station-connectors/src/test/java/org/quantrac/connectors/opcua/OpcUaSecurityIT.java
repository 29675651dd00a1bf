package org.quantrac.connectors.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.TestOpcUaServer;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/** A station server that only offers Basic256Sha256 / SignAndEncrypt with a user name and password. */
class OpcUaSecurityIT {

    @TempDir
    Path dir;

    @Test
    void aSecuredStationIsReadWithTheConnectorsCertificateAndAUserName() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectorFixture fixture = new ConnectorFixture();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(90);
        try (TestOpcUaServer server = TestOpcUaServer.secured(port, List.of("Dust"), "quantrac", "s3cret")) {
            Path trustStore = dir.resolve("trusted.p12");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, "trust".toCharArray());
            trusted.setCertificateEntry("station", server.certificate());
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trusted.store(out, "trust".toCharArray());
            }
            Path mapping = dir.resolve("opcua.yaml");
            Files.writeString(mapping, "stations:\n"
                    + "  - station: QN-ST-01\n"
                    + "    endpoint: " + server.endpoint() + "\n"
                    + "    samplingIntervalMs: 100\n"
                    + "    security: Basic256Sha256\n"
                    + "    username: quantrac\n"
                    + "    password: s3cret\n"
                    + "    nodes:\n"
                    + "      - {node: \"" + TestOpcUaServer.nodeId("Dust") + "\", parameter: Dust}\n",
                    StandardCharsets.UTF_8);
            Path keyStore = dir.resolve("pki").resolve("connector.p12");
            Map<String, String> keys = fixture.keys();
            keys.put("connectors.mqtt.enabled", "false");
            keys.put("connectors.opcua.enabled", "true");
            keys.put("connectors.opcua.mappingFile", mapping.toString());
            keys.put("connectors.opcua.keyStore", keyStore.toString());
            keys.put("connectors.opcua.keyStorePassword", "connector");
            keys.put("connectors.opcua.trustStore", trustStore.toString());
            keys.put("connectors.opcua.trustStorePassword", "trust");
            ConfigSource source = ConfigSource.of(keys);
            ConnectorsConfig config = ConnectorsConfig.from(source);
            source.failOnUnknownKeys();

            try (ConnectorsApp app = ConnectorsApp.start(config, StationCatalog.builtIn(), OpsServer.newRegistry());
                 TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings)) {
                assertThat(app.ready()).isTrue();
                assertThat(keyStore).isRegularFile();
                server.set("Dust", 21.5, t);
                await().atMost(Duration.ofSeconds(30)).until(() -> readings.poll().stream().anyMatch(r -> {
                    Observation o = parse(r.value());
                    return o.getTimeMs() == t.toEpochMilli() && o.getMeasurements(0).getValue() == 21.5;
                }));
            }
        }
    }

    private static Observation parse(byte[] value) {
        try {
            return Observation.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
