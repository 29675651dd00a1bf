package org.quantrac.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.station.Protocol;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.truth.TruthReading;

/** Each fault of a scenario, seen by a real subscriber on the real broker. */
class FaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    /** A period of each run's own (a new instance per invocation): the runs publish for the same stations. */
    private final Instant from = TestSubscriber.ownPeriodStart();
    /** Times of this test: its period, plus the clock-skewed ones just after it. */
    private final Instant until = from.plus(Duration.ofMinutes(21));

    private record Seen(String station, Instant time, JsonNode values, String raw) {
    }

    /** Outages drop and restore real connections, whose last will the broker publishes: with each client library. */
    @ParameterizedTest(name = "MQTT protocol version {0}, {1} client")
    @CsvSource({"5, paho", "3, vertx"})
    void everyFaultIsObservableOnTheWireAndTheTruthMatchesWhatArrived(int protocolVersion, String client,
                                                                      @TempDir Path dir) throws Exception {
        List<String> s = CATALOG.all().stream()
                .filter(st -> st.protocol() == Protocol.MQTT_JSON && st.interval().equals(Duration.ofMinutes(1))
                        && st.parameter("SO2").isPresent() && st.parameter("PM2,5").isPresent())
                .limit(8).map(Station::code).collect(Collectors.toList());
        assertThat(s).hasSize(8);
        Path scenario = dir.resolve("faults.yaml");
        Files.writeString(scenario, String.join("\n",
                "faults:",
                "  - {type: offline, stations: [" + s.get(0) + "], at: +5m, duration: 5m}",
                "  - {type: offline, stations: [" + s.get(1) + "], at: +5m, duration: 5m, backlog: false}",
                "  - {type: duplicates, stations: [" + s.get(2) + "], at: +0m, duration: 20m}",
                "  - {type: malformed, stations: [" + s.get(3) + "], at: +5m, duration: 2m}",
                "  - {type: clock-skew, stations: [" + s.get(4) + "], at: +0m, duration: 20m, skew: 30s}",
                "  - {type: device-fault, stations: [" + s.get(5) + "], parameter: SO2, at: +2m, duration: 3m}",
                "  - {type: episode, stations: [" + s.get(6) + "], parameter: \"PM2,5\", at: +4m, duration: 8m,"
                        + " peak: 300}",
                "  - {type: out-of-order, stations: [" + s.get(7) + "], at: +0m, duration: 20m, batch: 4}",
                ""));
        Map<String, String> m = new HashMap<>();
        m.put("simulator.mqtt.serverUri", TestServices.mqtt());
        m.put("simulator.credentialsFile", TestServices.mqttCredentialsFile().toString());
        m.put("simulator.mqtt.clientIdPrefix", TestServices.unique("sim-it-faults"));
        m.put("simulator.stations", String.join(",", s));
        m.put("simulator.protocol", "mqtt");
        m.put("simulator.from", from.toString());
        m.put("simulator.to", from.plus(Duration.ofMinutes(20)).toString());
        m.put("simulator.scenario", scenario.toString());
        m.put("simulator.mqtt.protocolVersion", Integer.toString(protocolVersion));
        m.put("simulator.mqtt.client", client);

        try (TestSubscriber sub = new TestSubscriber(TestServices.unique("sim-it-sub"), "stations/+/data",
                "stations/" + s.get(0) + "/state")) {
            GroundTruth truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(m)), CATALOG);
            assertThat(truth.observationsFailed()).isZero();
            // 8 stations × 20 minutes, minus the lost window, plus 20 duplicates and 2 malformed payloads; the
            // stations whose link drops may also resend what was in flight then (at least once, as QoS 1 allows).
            int expectedDistinct = 8 * 20 - 5 + 20;
            await().atMost(Duration.ofSeconds(30)).until(() -> mine(sub, s).size() >= expectedDistinct);
            List<Seen> seen = new ArrayList<>();
            List<String> malformed = new ArrayList<>();
            for (TestSubscriber.Received r : mine(sub, s)) {
                try {
                    JsonNode n = JSON.readTree(r.payload());
                    seen.add(new Seen(n.get("station").asText(), OffsetDateTime.parse(n.get("time").asText())
                            .toInstant(), n.get("values"), r.payload()));
                } catch (Exception e) {
                    malformed.add(r.topic());
                }
            }
            // Stations whose link never drops: exactly what the scenario says (20 duplicates, 2 malformed).
            long othersSeen = seen.stream().filter(x -> !x.station().equals(s.get(0))
                    && !x.station().equals(s.get(1))).count();
            assertThat(othersSeen + malformed.size()).as("messages per station: %s", seen.stream()
                    .collect(Collectors.groupingBy(Seen::station, Collectors.counting()))).isEqualTo(6 * 20 + 20);
            assertThat(malformed).hasSize(2).allMatch(t -> t.contains(s.get(3)));

            // What arrived (without duplicates and malformed payloads) is exactly the ground truth.
            assertThat(new HashSet<>(readings(seen))).isEqualTo(new HashSet<>(truth.readings()));

            // Outage with backlog: all 20 arrive; the window's observations after the reconnect; state went
            // offline (last will) and online again.
            List<Instant> a = times(seen, s.get(0));
            assertThat(new HashSet<>(a)).hasSize(20);
            // Live (not retained) states only, in arrival order: the will's offline, then online after the restore
            // (the clean stop at the end says offline too, but after everything else).
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<String> states = sub.received().stream().filter(r -> r.topic().endsWith("/state")
                        && !r.retained()).map(TestSubscriber.Received::payload).collect(Collectors.toList());
                int offline = states.indexOf("{\"state\":\"offline\"}");
                return offline >= 0 && states.subList(offline, states.size()).stream()
                        .anyMatch(p -> p.contains("\"online\""));
            });
            // Outage without backlog: the 5 minutes are missing.
            assertThat(new HashSet<>(times(seen, s.get(1)))).hasSize(15)
                    .doesNotContain(from.plus(Duration.ofMinutes(7)));
            // Duplicates: each time twice.
            assertThat(times(seen, s.get(2))).hasSize(40);
            assertThat(new HashSet<>(times(seen, s.get(2)))).hasSize(20);
            // Clock skew: every time 30 s off the minute.
            assertThat(times(seen, s.get(4))).allMatch(t -> t.getEpochSecond() % 60 == 30);
            // Device fault: SO2 status 02 in the window only.
            long faulty = seen.stream().filter(x -> x.station().equals(s.get(5)))
                    .filter(x -> status(x, "SO2").equals("02")).count();
            assertThat(faulty).isEqualTo(3);
            // Episode: PM2,5 at or above the peak on the plateau (+6m … +10m).
            for (Seen x : seen) {
                if (x.station().equals(s.get(6)) && !x.time().isBefore(from.plus(Duration.ofMinutes(6)))
                        && x.time().isBefore(from.plus(Duration.ofMinutes(10)))) {
                    assertThat(value(x, "PM2,5")).isGreaterThanOrEqualTo(300);
                }
            }
            // Out of order: arrival order is not time order.
            List<Instant> h = times(seen, s.get(7));
            assertThat(h).hasSize(20).isNotEqualTo(h.stream().sorted().collect(Collectors.toList()));
            assertThat(truth.events()).extracting(e -> e.type()).contains("offline", "duplicates", "malformed",
                    "clock-skew", "device-fault", "episode", "out-of-order");
        }
    }

    /** Data messages of this test's stations and period. */
    private List<TestSubscriber.Received> mine(TestSubscriber sub, List<String> stations) {
        return sub.within(from, until).stream().filter(r -> r.topic().endsWith("/data")
                && stations.contains(r.topic().split("/")[1])).collect(Collectors.toList());
    }

    private static List<Instant> times(List<Seen> seen, String code) {
        return seen.stream().filter(x -> x.station().equals(code)).map(Seen::time).collect(Collectors.toList());
    }

    private static String status(Seen x, String symbol) {
        for (JsonNode v : x.values()) {
            if (v.get("parameter").asText().equals(symbol)) {
                return v.get("status").asText();
            }
        }
        throw new AssertionError(symbol + " missing in " + x.raw());
    }

    private static double value(Seen x, String symbol) {
        for (JsonNode v : x.values()) {
            if (v.get("parameter").asText().equals(symbol)) {
                return v.get("value").asDouble();
            }
        }
        throw new AssertionError(symbol + " missing in " + x.raw());
    }

    private static List<TruthReading> readings(List<Seen> seen) {
        List<TruthReading> out = new ArrayList<>();
        for (Seen x : seen) {
            Station st = CATALOG.byCode(x.station()).orElseThrow();
            for (JsonNode v : x.values()) {
                String p = v.get("parameter").asText();
                out.add(new TruthReading(x.station(), st.id(), p, st.parameter(p).orElseThrow().id(), x.time(),
                        v.get("value").asDouble(), v.get("status").asText()));
            }
        }
        return out;
    }
}
