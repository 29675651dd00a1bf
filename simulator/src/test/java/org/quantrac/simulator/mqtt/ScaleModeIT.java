package org.quantrac.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;

/** Synthetic stations multiplexed over the gateway user's connections. */
class ScaleModeIT {

    /** Scale mode over the gateway user's connections, backfilling [from, to). */
    private static Map<String, String> scale(String prefix, int stations, int parameters, Instant from, Instant to) {
        Map<String, String> m = new HashMap<>();
        m.put("simulator.mqtt.serverUri", TestServices.mqtt());
        m.put("simulator.credentialsFile", TestServices.mqttCredentialsFile().toString());
        m.put("simulator.mqtt.clientIdPrefix", TestServices.unique(prefix));
        m.put("simulator.mqtt.connection", "multiplexed");
        m.put("simulator.scale.stations", Integer.toString(stations));
        m.put("simulator.scale.parameters", Integer.toString(parameters));
        m.put("simulator.from", from.toString());
        m.put("simulator.to", to.toString());
        m.put("simulator.keepReadings", "false");
        return m;
    }

    @ParameterizedTest(name = "MQTT protocol version {0}, {1} client")
    @CsvSource({"5, paho", "3, vertx"})
    void syntheticStationsArePublishedOverSharedGatewayConnections(int protocolVersion, String client)
            throws Exception {
        int stations = 300;
        Instant from = TestSubscriber.ownPeriodStart();
        Instant to = from.plus(Duration.ofMinutes(2));
        Map<String, String> m = scale("sim-it-scale", stations, 6, from, to);
        m.put("simulator.mqtt.protocolVersion", Integer.toString(protocolVersion));
        m.put("simulator.mqtt.client", client);
        m.put("simulator.mqtt.gatewayConnections", "3");
        m.put("simulator.scale.rate", "30"); // 300 stations / 30 obs/s = every 10 s

        try (TestSubscriber sub = new TestSubscriber(TestServices.unique("sim-it-sub"), "stations/+/data")) {
            GroundTruth truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(m)),
                    StationCatalog.builtIn());
            assertThat(truth.observationsFailed()).isZero();
            assertThat(truth.observationsSent()).isEqualTo(stations * 12L);
            assertThat(truth.readingsSent()).isEqualTo(stations * 12L * 6);
            await().atMost(Duration.ofSeconds(60)).until(() -> sub.within(from, to).stream()
                    .filter(r -> r.topic().startsWith("stations/SYN-")).count() >= stations * 12L);
            Map<String, Long> perStation = sub.within(from, to).stream()
                    .filter(r -> r.topic().startsWith("stations/SYN-"))
                    .collect(Collectors.groupingBy(r -> r.topic().split("/")[1], Collectors.counting()));
            assertThat(perStation).hasSize(stations).allSatisfy((code, n) -> assertThat(n).isEqualTo(12L));
        }
    }

    /**
     * Backlog-style upload: up to 5 consecutive observations of a station per message, a JSON array. Every observation
     * of the period arrives exactly once, each station's in time order, and the messages are the packed ones.
     */
    @Test
    void observationsArePackedIntoArraysOfConsecutiveTimesPerStation() throws Exception {
        int stations = 40;
        // 5 blocks of 5 x 10 s per station; the period starts on a block boundary (5 minutes).
        Instant from = TestSubscriber.ownPeriodStart();
        Instant to = from.plus(Duration.ofSeconds(250));
        Map<String, String> m = scale("sim-it-batch", stations, 3, from, to);
        m.put("simulator.mqtt.observationsPerMessage", "5");
        m.put("simulator.scale.interval", "10s");

        try (TestSubscriber sub = new TestSubscriber(TestServices.unique("sim-it-sub"), "stations/+/data")) {
            GroundTruth truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(m)),
                    StationCatalog.builtIn());
            assertThat(truth.observationsFailed()).isZero();
            assertThat(truth.observationsSent()).isEqualTo(stations * 25L);
            JsonMapper json = new JsonMapper();
            Map<String, List<Instant>> times = new HashMap<>();
            List<Integer> sizes = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                times.clear();
                sizes.clear();
                for (TestSubscriber.Received r : sub.messages) {
                    if (!r.topic().startsWith("stations/SYN-") || !r.payload().startsWith("[")) {
                        continue;
                    }
                    JsonNode batch = json.readTree(r.payload());
                    Instant first = OffsetDateTime.parse(batch.get(0).get("time").asText()).toInstant();
                    if (first.isBefore(from) || !first.isBefore(to)) {
                        continue;
                    }
                    sizes.add(batch.size());
                    for (JsonNode o : batch) {
                        assertThat(o.get("station").asText()).isEqualTo(r.topic().split("/")[1]);
                        times.computeIfAbsent(o.get("station").asText(), k -> new ArrayList<>())
                                .add(OffsetDateTime.parse(o.get("time").asText()).toInstant());
                    }
                }
                return times.values().stream().mapToInt(List::size).sum() >= stations * 25;
            });
            assertThat(sizes).hasSize(stations * 5).containsOnly(5);
            assertThat(times).hasSize(stations).allSatisfy((code, t) -> {
                assertThat(t).hasSize(25).doesNotHaveDuplicates().isSorted();
                assertThat(t.get(0)).isEqualTo(from);
            });
        }
    }
}
