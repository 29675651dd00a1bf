package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quantrac.portal.Http.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.DatabaseConfig;

/**
 * A database only core migrated (no processor, no alerting tables): aggregates are computed from raw readings with
 * the same results; AQI and alerts are empty, not errors. And the per-client rate limit.
 */
class FallbackAndRateLimitIT {

    private static PortalApp portal;
    private static Http http;

    @BeforeAll
    static void start() {
        DatabaseConfig db = PortalTestData.schema("portal_raw", false, false);
        PortalTestData.insertKnownDay(db);
        portal = PortalTestData.start(db, Map.of("portal.rateLimit.requestsPerMinute", "1",
                "portal.rateLimit.burst", "12"));
        http = new Http(portal.port());
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void aggregatesFromRawReadingsAndRateLimit() {
        JsonNode hourly = json(http.get("/api/v1/stations/QN-AQ-01/hourly?from=2026-11-20&to=2026-11-20"
                + "&parameter=PM2.5"));
        assertThat(hourly.get("count").asInt()).isEqualTo(24);
        assertThat(hourly.get("data").get(5).get("avg").asDouble()).isEqualTo(15.0);
        assertThat(hourly.get("data").get(5).get("validCount").asInt()).isEqualTo(59);
        assertThat(hourly.get("data").get(5).get("expectedCount").asInt()).isEqualTo(60);
        assertThat(hourly.get("data").get(5).get("valid").asBoolean()).isTrue();

        JsonNode daily = json(http.get("/api/v1/stations/QN-AQ-01/daily?from=2026-11-20&to=2026-11-20"
                + "&parameter=PM2.5"));
        assertThat(daily.get("data").get(0).get("avg").asDouble()).isEqualTo(21.5);
        assertThat(daily.get("data").get(0).get("expectedCount").asInt()).isEqualTo(1440);

        JsonNode utc = json(http.get("/api/v1/stations/QN-AQ-01/daily?from=2026-11-19&to=2026-11-20&tz=UTC"
                + "&parameter=PM2.5"));
        assertThat(utc.get("data").get(0).get("avg").asDouble()).isEqualTo(13.0);
        assertThat(utc.get("data").get(1).get("avg").asDouble()).isEqualTo(25.0);

        // St John's is UTC-3:30: its days cannot be built from whole hours, raw readings give them exactly.
        JsonNode stJohns = json(http.get("/api/v1/stations/QN-AQ-01/daily?from=2026-11-19&to=2026-11-19"
                + "&tz=America/St_Johns&parameter=PM10"));
        assertThat(stJohns.get("data").get(0).get("start").asText()).isEqualTo("2026-11-19T00:00:00-03:30");
        // St John's day 19 ends at 2026-11-20T03:30Z: 10.5 h after the data begins (2026-11-19T17:00Z).
        assertThat(stJohns.get("data").get(0).get("validCount").asInt()).isEqualTo(630);

        assertThat(json(http.get("/api/v1/stations/QN-AQ-01/aqi/hourly?from=2026-11-20&to=2026-11-20"))
                .get("data")).isEmpty();
        assertThat(json(http.get("/api/v1/alerts")).get("alerts")).isEmpty();

        // 6 requests so far; the burst is 12 and refills at one a minute.
        for (int i = 0; i < 6; i++) {
            assertThat(http.get("/api/v1/parameters").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = http.get("/api/v1/parameters");
        assertThat(limited.statusCode()).isEqualTo(429);
        int retryAfter = Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1, 60);
        assertThat(json(limited).get("detail").asText()).contains("more than 1 requests per minute");
        // the dashboard's pages are not rate limited
        assertThat(http.get("/").statusCode()).isEqualTo(200);

        Http ops = new Http(portal.opsPort());
        assertThat(ops.get("/health/ready").body()).isEqualTo("{\"checks\":{\"database\":\"UP\"},\"status\":\"UP\"}");
        assertThat(ops.get("/metrics").body())
                .contains("quantrac_portal_requests_seconds_count{route=\"/api/v1/stations/:code/hourly\",status=\"200\"} 1")
                .contains("quantrac_portal_requests_seconds_count{route=\"/api/\",status=\"429\"} 1");
    }
}
