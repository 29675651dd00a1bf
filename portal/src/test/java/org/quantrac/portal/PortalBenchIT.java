package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.bench.PortalBench;

/** The benchmark runs end to end and reports its contract fields; speed itself is not asserted. */
class PortalBenchIT {

    @Test
    void measuresAllThreeRequestKindsOverHttp() throws Exception {
        DatabaseConfig db = PortalTestData.schema("portal_bench", true, false);
        PortalTestData.insertKnownDay(db);
        PortalTestData.rollUp(db);
        StationCatalog builtIn = StationCatalog.builtIn();
        try (PortalApp portal = PortalApp.start(PortalTestData.config(db, Map.of("portal.rateLimit.enabled",
                "false")), builtIn, OpsServer.newRegistry())) {
            Station s = builtIn.byCode("QN-AQ-01").orElseThrow();
            // the station with PM2,5 only, so every drawn series is the one with data
            Station pm25 = new Station(s.id(), s.code(), s.name(), s.kind(), s.district(), s.latitude(),
                    s.longitude(), s.protocol(), s.interval(), List.of(s.parameter("PM2,5").orElseThrow()),
                    s.aqiEligible(), s.limitClass(), s.kq(), s.kf());
            StationCatalog one = new StationCatalog(List.of(pm25), builtIn.parameters());
            PortalBench.Result r = PortalBench.run(new PortalBench.Options(URI.create("http://127.0.0.1:"
                    + portal.port()), 3, 1, PortalTestData.DAY, 1, 42), one);
            // one station-day series = PM2,5 every minute
            assertThat(r.stationDayRows()).isEqualTo(1440);
            JsonNode json = new ObjectMapper().readTree(r.toJson());
            assertThat(json.get("bench").asText()).isEqualTo("portal");
            for (String field : List.of("latest_ms_p50", "latest_ms_p99", "station_day_ms_p50", "station_day_ms_p99",
                    "station_year_daily_ms_p99")) {
                assertThat(json.get(field).asDouble()).as(field).isPositive();
            }
            assertThat(json.get("samples").asInt()).isEqualTo(3);
        }
    }
}
