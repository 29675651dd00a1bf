package org.quantrac.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.launcher.embedded.DemoDataDir;
import org.quantrac.launcher.embedded.EmbeddedServices;
import org.quantrac.launcher.embedded.Ports;
import org.quantrac.simulator.truth.GroundTruth;

/**
 * The default {@code ./quantrac demo} without any installed service: embedded Kafka, Moquette (MQTT 3.1.1) and plain
 * PostgreSQL (no TimescaleDB) carry an hour of history for the 140 stations into the database, exactly once, the
 * portal serves it, and stopping releases every port.
 */
class EmbeddedDemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anHourOfHistoryIsStoredExactlyOnPlainPostgresAndThePortalServesIt() throws Exception {
        StationCatalog catalog = StationCatalog.builtIn();
        List<String> codes = catalog.all().stream().map(Station::code).collect(Collectors.toList());
        Map<String, String> freePorts = new HashMap<>();
        for (String key : List.of("portal.port", "portal.ops.port", "alerting.ops.port", "alerting.api.port",
                "connectors.ops.port", "processor.ops.port")) {
            freePorts.put(key, "0");
        }
        List<String> progress = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        Path data = DemoDataDir.prepare(dir.resolve("demo"));
        try (EmbeddedServices services = EmbeddedServices.start(data, codes, Optional.empty(), progress::add)) {
            ports.addAll(services.ports());
            assertThat(ports).hasSize(3);
            try (DemoPipeline demo = DemoPipeline.start(services.settings(), freePorts, 1, 42, true, catalog,
                    progress::add)) {
                ports.add(demo.portalPort());
                ports.add(demo.alertingApiPort());
                GroundTruth history = demo.history();
                assertThat(history.observationsFailed()).isZero();
                assertThat(history.stations()).hasSize(140);
                assertThat(history.readingsSent()).isPositive();

                // Every reading of the backfilled hour is stored once: not one fewer, not one more.
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        demo.storedReadings(demo.historyFrom(), demo.historyTo()) >= history.readingsSent());
                Thread.sleep(2_000); // a late duplicate would land now
                assertThat(demo.storedReadings(demo.historyFrom(), demo.historyTo()))
                        .isEqualTo(history.readingsSent());

                HttpClient http = HttpClient.newHttpClient();
                JsonNode stations = get(http, demo.portalPort(), "/api/v1/stations");
                assertThat(stations.get("count").asInt()).isEqualTo(140);
                assertThat(stations.get("stations")).hasSize(140);
                JsonNode latest = get(http, demo.portalPort(), "/api/v1/latest");
                assertThat(latest.get("stations")).hasSize(140);
                for (JsonNode s : latest.get("stations")) {
                    assertThat(s.get("lastSeen").isNull()).as("lastSeen of %s", s.get("code")).isFalse();
                }
            }
        }
        assertThat(progress).anyMatch(l -> l.startsWith("Kafka")).anyMatch(l -> l.startsWith("MQTT 3.1.1"))
                .anyMatch(l -> l.startsWith("PostgreSQL 17")).anyMatch(l -> l.startsWith("portal on port"));
        for (int port : ports) {
            assertThat(Ports.inUse(port)).as("port %d after close", port).isFalse();
        }
        DemoDataDir.remove(data);
        assertThat(data).doesNotExist();
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
