package org.quantrac.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.station.Protocol;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.truth.TruthReading;

/** The simulator against the real Mosquitto, checked by a real Paho subscriber. */
class MqttPublishIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final StationCatalog CATALOG = StationCatalog.builtIn();

    private static Map<String, String> base(String clientPrefix) {
        Map<String, String> m = new HashMap<>();
        m.put("simulator.mqtt.serverUri", TestServices.mqtt());
        m.put("simulator.credentialsFile", TestServices.mqttCredentialsFile().toString());
        m.put("simulator.mqtt.clientIdPrefix", clientPrefix);
        m.put("simulator.seed", "7");
        return m;
    }

    /** Every reading the subscriber saw, as (station, parameter, time, value, status), from JSON and TT10 payloads. */
    private static List<TruthReading> parse(List<TestSubscriber.Received> messages) throws Exception {
        List<TruthReading> out = new ArrayList<>();
        for (TestSubscriber.Received r : messages) {
            String[] topic = r.topic().split("/");
            String code = topic[1];
            Station s = CATALOG.byCode(code).orElseThrow();
            if (topic[2].equals("data")) {
                JsonNode root = JSON.readTree(r.payload());
                assertThat(root.get("station").asText()).isEqualTo(code);
                Instant time = OffsetDateTime.parse(root.get("time").asText()).toInstant();
                assertThat(root.get("time").asText()).endsWith("+07:00");
                for (JsonNode v : root.get("values")) {
                    String symbol = v.get("parameter").asText();
                    assertThat(v.get("unit").asText()).isEqualTo(s.parameter(symbol).orElseThrow().unit());
                    out.add(new TruthReading(code, s.id(), symbol, s.parameter(symbol).orElseThrow().id(), time,
                            v.get("value").asDouble(), v.get("status").asText()));
                }
            } else if (topic[2].equals("tt10")) {
                for (String line : r.payload().split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    assertThat(f).hasSize(5);
                    Instant time = LocalDateTime.parse(f[3], COMPACT).toInstant(ZoneOffset.ofHours(7));
                    assertThat(f[2]).isEqualTo(s.parameter(f[0]).orElseThrow().unit());
                    out.add(new TruthReading(code, s.id(), f[0], s.parameter(f[0]).orElseThrow().id(), time,
                            Double.parseDouble(f[1]), f[4]));
                }
            }
        }
        out.sort((a, b) -> a.station().compareTo(b.station()) != 0 ? a.station().compareTo(b.station())
                : a.parameter().compareTo(b.parameter()) != 0 ? a.parameter().compareTo(b.parameter())
                : a.time().compareTo(b.time()));
        return out;
    }

    private static Instant onlineSince(String statePayload) {
        try {
            return OffsetDateTime.parse(JSON.readTree(statePayload).get("time").asText()).toInstant();
        } catch (java.io.IOException e) {
            throw new AssertionError("state payload is not JSON: " + statePayload, e);
        }
    }

    @ParameterizedTest(name = "MQTT protocol version {0}, {1} client")
    @CsvSource({"5, paho", "3, paho", "3, vertx"})
    void subscriberReceivesExactlyTheGroundTruthInJsonAndTt10(int protocolVersion, String client) throws Exception {
        List<String> codes = new ArrayList<>();
        CATALOG.all().stream().filter(s -> s.protocol() == Protocol.MQTT_JSON).limit(5).forEach(s -> codes.add(s.code()));
        CATALOG.all().stream().filter(s -> s.protocol() == Protocol.MQTT_TT10).limit(5).forEach(s -> codes.add(s.code()));
        Map<String, String> m = base(TestServices.unique("sim-it-mixed"));
        m.put("simulator.mqtt.protocolVersion", Integer.toString(protocolVersion));
        m.put("simulator.mqtt.client", client);
        m.put("simulator.stations", String.join(",", codes));
        Instant from = TestSubscriber.ownPeriodStart();
        Instant to = from.plus(Duration.ofMinutes(20));
        m.put("simulator.from", from.toString());
        m.put("simulator.to", to.toString());

        try (TestSubscriber sub = new TestSubscriber(TestServices.unique("sim-it-sub"),
                "stations/+/data", "stations/+/tt10")) {
            GroundTruth truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(m)), CATALOG);

            assertThat(truth.observationsFailed()).isZero();
            long expected = codes.stream().map(c -> CATALOG.byCode(c).orElseThrow())
                    .mapToLong(s -> 20 * 60 / s.interval().getSeconds()).sum();
            assertThat(truth.observationsSent()).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(30)).until(() -> sub.within(from, to).stream()
                    .filter(r -> codes.contains(r.topic().split("/")[1])).count() >= expected);

            List<TestSubscriber.Received> got = sub.within(from, to).stream()
                    .filter(r -> codes.contains(r.topic().split("/")[1])).collect(Collectors.toList());
            assertThat(got).hasSize((int) expected);
            assertThat(got).anyMatch(r -> r.topic().endsWith("/tt10")).anyMatch(r -> r.topic().endsWith("/data"));
            assertThat(parse(got)).containsExactlyElementsOf(truth.readings());
        }
    }

    @Test
    void everyCatalogStationCanPublishOverMqttWithItsOwnCredentials() throws Exception {
        Map<String, String> m = base(TestServices.unique("sim-it-all"));
        m.put("simulator.protocol", "mqtt");
        Instant from = TestSubscriber.ownPeriodStart();
        Instant to = from.plus(Duration.ofMinutes(10));
        m.put("simulator.from", from.toString());
        m.put("simulator.to", to.toString());
        m.put("simulator.keepReadings", "false");

        try (TestSubscriber sub = new TestSubscriber(TestServices.unique("sim-it-sub"), "stations/+/data")) {
            GroundTruth truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(m)), CATALOG);

            assertThat(truth.observationsFailed()).isZero();
            assertThat(truth.stations()).hasSize(CATALOG.size());
            long expected = CATALOG.all().stream().mapToLong(s -> 600 / s.interval().getSeconds()).sum();
            assertThat(truth.observationsSent()).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(60)).until(() -> sub.within(from, to).size() >= expected);
            Map<String, Long> perStation = sub.within(from, to).stream()
                    .collect(Collectors.groupingBy(r -> r.topic().split("/")[1], Collectors.counting()));
            for (Station s : CATALOG.all()) {
                assertThat(perStation.get(s.code())).as(s.code()).isEqualTo(truth.observationsSent(s.code()));
            }
        }
    }

    @ParameterizedTest(name = "MQTT protocol version {0}, {1} client")
    @CsvSource({"5, paho", "3, paho", "3, vertx"})
    void stationStateIsOnlineRetainedAndTheLastWillSaysOfflineAfterAnAbruptDisconnect(int protocolVersion,
                                                                                     String client) throws Exception {
        String code = "QN-AQ-03";
        Map<String, String> m = base(TestServices.unique("sim-it-will"));
        m.put("simulator.mqtt.protocolVersion", Integer.toString(protocolVersion));
        m.put("simulator.mqtt.client", client);
        m.put("simulator.stations", code);
        m.put("simulator.protocol", "mqtt");
        Instant before = Instant.now().minusSeconds(1);

        try (TestSubscriber sub = new TestSubscriber(TestServices.unique("sim-it-sub"), "stations/" + code + "/state");
             SimulatorApp app = SimulatorApp.start(SimulatorConfig.from(ConfigSource.of(m)), CATALOG)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> sub.received().stream().anyMatch(r ->
                    r.payload().contains("\"online\"") && !onlineSince(r.payload()).isBefore(before)));

            app.mqtt().orElseThrow().abort(code);

            // The will, live after this run's online (a retained offline of an earlier run arrived at subscribe).
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                List<TestSubscriber.Received> got = sub.received();
                int online = 0;
                while (!(got.get(online).payload().contains("\"online\"")
                        && !onlineSince(got.get(online).payload()).isBefore(before))) {
                    online++;
                }
                return got.subList(online, got.size()).stream()
                        .anyMatch(r -> !r.retained() && r.payload().equals("{\"state\":\"offline\"}"));
            });
        }
        // Retained: a late subscriber learns the station is offline.
        try (TestSubscriber late = new TestSubscriber(TestServices.unique("sim-it-late"),
                "stations/" + code + "/state")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !late.received().isEmpty());
            assertThat(late.received().get(0).retained()).isTrue();
            assertThat(late.received().get(0).payload()).isEqualTo("{\"state\":\"offline\"}");
        }
    }
}
