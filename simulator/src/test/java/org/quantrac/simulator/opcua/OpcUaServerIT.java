package org.quantrac.simulator.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Protocol;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.TruthReading;

/** The simulated stations' Milo server, checked with a real Milo client. */
class OpcUaServerIT {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Instant FROM = Instant.parse("2026-11-26T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofMinutes(60));

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<Station> opcuaStations() {
        return CATALOG.all().stream().filter(s -> s.protocol() == Protocol.OPCUA).limit(3)
                .collect(Collectors.toList());
    }

    private static SimulatorApp backfilled(int port, String scenario) throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("simulator.protocol", "mixed");
        m.put("simulator.stations", opcuaStations().stream().map(Station::code).collect(Collectors.joining(",")));
        m.put("simulator.opcua.port", Integer.toString(port));
        m.put("simulator.mode", "backfill");
        m.put("simulator.from", FROM.toString());
        m.put("simulator.to", TO.toString());
        if (scenario != null) {
            m.put("simulator.scenario", scenario);
        }
        SimulatorApp app = SimulatorApp.start(SimulatorConfig.from(ConfigSource.of(m)), CATALOG);
        assertThat(app.awaitFinished(Duration.ofSeconds(60))).isTrue();
        return app;
    }

    private static NodeId node(OpcUaClient client, Station s, Parameter p) {
        return new NodeId(client.getNamespaceTable().getIndex(OpcUaStationServer.namespaceUri(s)),
                OpcUaStationServer.variable(s, p));
    }

    /** Reads the whole raw history of a node, following continuation points. */
    private static List<DataValue> history(OpcUaClient client, NodeId node, Instant from, Instant to, int perCall)
            throws Exception {
        List<DataValue> all = new ArrayList<>();
        ByteString cp = ByteString.NULL_VALUE;
        int calls = 0;
        do {
            ReadRawModifiedDetails details = new ReadRawModifiedDetails(false, new DateTime(from), new DateTime(to),
                    UInteger.valueOf(perCall), false);
            HistoryReadResult r = client.historyRead(details, TimestampsToReturn.Both, false,
                    List.of(new HistoryReadValueId(node, null, null, cp))).getResults()[0];
            assertThat(r.getStatusCode().isGood()).as(r.getStatusCode().toString()).isTrue();
            HistoryData data = (HistoryData) r.getHistoryData().decode(client.getStaticEncodingContext());
            all.addAll(List.of(data.getDataValues()));
            cp = r.getContinuationPoint();
            calls++;
        } while (cp != null && !cp.isNullOrEmpty() && calls < 1000);
        return all;
    }

    @Test
    void historyReadReturnsEveryValueTheStationsProducedWithMeasurementTimes() throws Exception {
        int port = freePort();
        try (SimulatorApp app = backfilled(port, null)) {
            OpcUaStationServer server = app.opcua().orElseThrow();
            assertThat(server.endpointUrl()).isEqualTo("opc.tcp://127.0.0.1:" + port + "/quantrac");
            OpcUaClient client = OpcUaClient.create(server.endpointUrl());
            client.connect();
            try {
                Station s = opcuaStations().get(0);
                Parameter p = s.parameters().get(0);
                List<TruthReading> expected = app.truth().readings().stream()
                        .filter(r -> r.station().equals(s.code()) && r.parameter().equals(p.symbol()))
                        .collect(Collectors.toList());
                assertThat(expected).hasSize((int) (60 / s.interval().toMinutes()));

                List<DataValue> history = history(client, node(client, s, p), FROM, TO, 5);
                assertThat(history).extracting(v -> v.getSourceTime().getJavaInstant())
                        .containsExactlyElementsOf(expected.stream().map(TruthReading::time).toList());
                assertThat(history).extracting(v -> (Double) v.getValue().getValue())
                        .containsExactlyElementsOf(expected.stream().map(TruthReading::value).toList());

                DataValue current = client.readValue(0, TimestampsToReturn.Both, node(client, s, p));
                assertThat(current.getValue().getValue()).isEqualTo(expected.get(expected.size() - 1).value());
                assertThat(current.getSourceTime().getJavaInstant()).isEqualTo(expected.get(expected.size() - 1)
                        .time());
                DataValue status = client.readValue(0, TimestampsToReturn.Both, new NodeId(
                        client.getNamespaceTable().getIndex(OpcUaStationServer.namespaceUri(s)),
                        OpcUaStationServer.variable(s, p) + "/Status"));
                assertThat(status.getValue().getValue()).isEqualTo("00");
                DataValue stationStatus = client.readValue(0, TimestampsToReturn.Both, new NodeId(
                        client.getNamespaceTable().getIndex(OpcUaStationServer.namespaceUri(s)), s.code() + "/Status"));
                assertThat(stationStatus.getValue().getValue()).isEqualTo("00");

                // The connector's mapping file names exactly these nodes.
                com.fasterxml.jackson.databind.JsonNode mapping = new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(server.connectorMapping());
                assertThat(mapping.get("stations")).hasSize(3);
                com.fasterxml.jackson.databind.JsonNode first = mapping.get("stations").get(0);
                assertThat(first.get("station").asText()).isEqualTo(s.code());
                assertThat(first.get("endpoint").asText()).isEqualTo(server.endpointUrl());
                assertThat(first.get("statusNode").asText())
                        .isEqualTo("nsu=" + OpcUaStationServer.namespaceUri(s) + ";s=" + s.code() + "/Status");
                assertThat(first.get("nodes")).hasSize(s.parameters().size());
                assertThat(first.get("nodes").get(0).get("node").asText())
                        .isEqualTo("nsu=" + OpcUaStationServer.namespaceUri(s) + ";s=" + OpcUaStationServer.variable(s, p));
                assertThat(first.get("nodes").get(0).get("parameter").asText()).isEqualTo(p.symbol());
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void basic256Sha256EndpointAcceptsAClientWithItsOwnCertificate() throws Exception {
        int port = freePort();
        try (SimulatorApp app = backfilled(port, null)) {
            KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            String clientUri = "urn:quantrac:test:client";
            X509Certificate cert = new SelfSignedCertificateBuilder(kp).setCommonName("test client")
                    .setApplicationUri(clientUri).build();
            OpcUaClient client = OpcUaClient.create(app.opcua().orElseThrow().endpointUrl(),
                    (List<EndpointDescription> endpoints) -> endpoints.stream()
                            .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.Basic256Sha256.getUri()))
                            .findFirst(),
                    transport -> { },
                    config -> config.setApplicationUri(clientUri).setKeyPair(kp).setCertificate(cert)
                            .setCertificateChain(new X509Certificate[] {cert})
                            .setCertificateValidator((chain, uri, hosts) -> { }));
            client.connect();
            try {
                Station s = opcuaStations().get(1);
                DataValue v = client.readValue(0, TimestampsToReturn.Both, node(client, s, s.parameters().get(0)));
                assertThat(v.getStatusCode().isGood()).isTrue();
                assertThat(v.getValue().getValue()).isInstanceOf(Double.class);
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void afterAServerRestartHistoryCoversTheDowntimeAndSubscriptionsSeeNewValues() throws Exception {
        int port = freePort();
        Map<String, String> m = new HashMap<>();
        Station s = opcuaStations().get(0);
        Parameter p = s.parameters().get(0);
        m.put("simulator.protocol", "opcua");
        m.put("simulator.stations", s.code());
        m.put("simulator.opcua.port", Integer.toString(port));
        m.put("simulator.mode", "accelerated");
        m.put("simulator.speed", Long.toString(s.interval().getSeconds() * 4)); // four measurements per second
        Instant start = Instant.parse("2026-11-26T06:00:00Z");
        m.put("simulator.from", start.toString());
        try (SimulatorApp app = SimulatorApp.start(SimulatorConfig.from(ConfigSource.of(m)), CATALOG)) {
            OpcUaStationServer server = app.opcua().orElseThrow();
            OpcUaClient client = OpcUaClient.create(server.endpointUrl());
            client.connect();
            ConcurrentLinkedQueue<DataValue> seen = new ConcurrentLinkedQueue<>();
            boolean connected = true;
            try {
                OpcUaSubscription sub = new OpcUaSubscription(client, 100);
                sub.create();
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node(client, s, p));
                item.setSamplingInterval(50);
                item.setDataValueListener((i, v) -> seen.add(v));
                sub.addMonitoredItem(item);
                sub.synchronizeMonitoredItems();
                await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream()
                        .filter(v -> v.getStatusCode().isGood()).count() >= 2);
                client.disconnect();
                connected = false;

                server.serverAvailability(false);
                assertThat(server.isRunning()).isFalse();
                long servedBefore = app.truth().observationsSent();
                await().atMost(Duration.ofSeconds(20)).until(() -> app.truth().observationsSent() >= servedBefore + 4);
                assertThatThrownBy(() -> OpcUaClient.create("opc.tcp://127.0.0.1:" + port + "/quantrac").connect())
                        .hasMessageContaining("Bad_ConnectionRejected");
                server.serverAvailability(true);

                OpcUaClient again = OpcUaClient.create(server.endpointUrl());
                again.connect();
                try {
                    List<DataValue> history = history(again, node(again, s, p), start, Instant.now().plus(
                            Duration.ofDays(400)), 0);
                    List<Instant> times = history.stream().map(v -> v.getSourceTime().getJavaInstant()).toList();
                    // Every measurement time since the start, without a gap across the downtime.
                    for (int i = 1; i < times.size(); i++) {
                        assertThat(Duration.between(times.get(i - 1), times.get(i))).isEqualTo(s.interval());
                    }
                    assertThat(times.size()).isGreaterThanOrEqualTo((int) servedBefore + 4);
                    DataValue bad = again.readValue(0, TimestampsToReturn.Both, new NodeId(
                            again.getNamespaceTable().getIndex(OpcUaStationServer.namespaceUri(s)), "nope"));
                    assertThat(bad.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_NodeIdUnknown);
                } finally {
                    again.disconnect();
                }
            } finally {
                if (connected) {
                    client.disconnect();
                }
            }
        }
    }
}
