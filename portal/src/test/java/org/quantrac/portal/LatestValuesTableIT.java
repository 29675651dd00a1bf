package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quantrac.portal.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.DatabaseConfig;

/**
 * Latest values from the processor's reading_latest table, and from the readings for series the table lacks (rows
 * written by something other than a processor).
 */
class LatestValuesTableIT {

    private static PortalApp portal;
    private static Http http;

    @BeforeAll
    static void start() {
        DatabaseConfig db = PortalTestData.schema("portal_latest", true, false);
        PortalTestData.insertKnownDay(db); // QN-AQ-01 PM2,5 and PM10 in reading only (newest: 33 and 40)
        // The table's rows are not in reading at all: a value seen in the answer can only come from the table.
        PortalTestData.execute(db, "INSERT INTO reading_latest (station_id, parameter_id, time, value, status, "
                + "qc_flags) VALUES (1, 1, '2026-11-22T04:59:00Z', 61.5, 1, 0), (2, 1, '2026-11-22T04:58:00Z', 12.25, "
                + "0, 4), (2, 99, '2026-11-22T04:58:00Z', 1, 0, 0)");
        portal = PortalTestData.start(db, Map.of("portal.rateLimit.enabled", "false"));
        http = new Http(portal.port());
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    private static JsonNode value(JsonNode station, String parameter) {
        for (JsonNode v : station.get("values")) {
            if (v.get("parameter").asText().equals(parameter)) {
                return v;
            }
        }
        throw new AssertionError("no " + parameter + " in " + station);
    }

    @Test
    void servesTheTableAndFindsSeriesOnlyInTheReadings() {
        JsonNode latest = json(http.get("/api/v1/latest"));
        JsonNode s1 = latest.get("stations").get(0);
        assertThat(s1.get("code").asText()).isEqualTo("QN-AQ-01");
        JsonNode pm25 = value(s1, "PM2,5");
        assertThat(pm25.get("value").asDouble()).as("from reading_latest").isEqualTo(61.5);
        assertThat(pm25.get("time").asText()).isEqualTo("2026-11-22T11:59:00+07:00");
        assertThat(pm25.get("status").asInt()).isEqualTo(1);
        JsonNode pm10 = value(s1, "PM10");
        assertThat(pm10.get("value").asDouble()).as("only in reading: the probe finds it").isEqualTo(40.0);
        assertThat(pm10.get("time").asText()).isEqualTo("2026-11-20T23:59:00+07:00");
        assertThat(s1.get("lastSeen").asText()).isEqualTo("2026-11-22T11:59:00+07:00");

        JsonNode s2 = latest.get("stations").get(1);
        assertThat(s2.get("values")).as("a parameter the station does not measure is not shown").hasSize(1);
        assertThat(value(s2, "PM2,5").get("value").asDouble()).isEqualTo(12.25);
        assertThat(value(s2, "PM2,5").get("qcFlags")).isNotEmpty();
        assertThat(latest.get("stations").get(2).get("values")).isEmpty();

        JsonNode one = json(http.get("/api/v1/stations/QN-AQ-01/latest")).get("stations").get(0);
        assertThat(value(one, "PM2,5").get("value").asDouble()).isEqualTo(61.5);
        assertThat(value(one, "PM10").get("value").asDouble()).isEqualTo(40.0);
    }
}
