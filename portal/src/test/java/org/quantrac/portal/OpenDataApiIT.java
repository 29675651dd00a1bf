package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quantrac.portal.Http.json;
import static org.quantrac.portal.Http.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.DatabaseConfig;

/** The open-data API on real TimescaleDB with known readings, rollups, AQI and an alert. */
class OpenDataApiIT {

    private static final String DAY = "from=2026-11-20&to=2026-11-20";
    private static DatabaseConfig db;
    private static PortalApp portal;
    private static Http http;

    @BeforeAll
    static void start() {
        db = PortalTestData.schema("portal_api", true, true);
        PortalTestData.insertKnownDay(db);
        PortalTestData.rollUp(db);
        PortalTestData.execute(db, "INSERT INTO reading (time, station_id, parameter_id, value) VALUES "
                + "('2026-11-22T04:55:00Z', 2, 1, 42.5)");
        PortalTestData.execute(db, "INSERT INTO aqi_hourly (station_id, index_kind, hour_start, aqi, dominant, "
                + "sub_indices) VALUES (1, 'VN_AQI', '2026-11-20T05:00:00Z', 87, 'PM2,5', '{\"PM2,5\": 87}'), "
                + "(2, 'VN_AQI', '2026-11-22T04:00:00Z', 120, 'PM10', '{\"PM10\": 120}')");
        PortalTestData.execute(db, "INSERT INTO aqi_daily (station_id, index_kind, day, aqi, dominant, sub_indices) "
                + "VALUES (1, 'VN_AQI', '2026-11-20', 70, 'PM2,5', '{\"PM2,5\": 70}')");
        PortalTestData.execute(db, "INSERT INTO alert (station_id, station_code, rule_id, parameter_id, severity, "
                + "state, source, condition_since, opened_at, open_value, limit_value) VALUES (1, 'QN-AQ-01', "
                + "'pm25-24h', 1, 'WARNING', 'OPEN', 'QCVN 05:2023/BTNMT', '2026-11-20T10:00:00Z', "
                + "'2026-11-20T11:00:00Z', 55.5, 50)");
        portal = PortalTestData.start(db, Map.of("portal.rateLimit.enabled", "false"));
        http = new Http(portal.port());
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
            portal.close();
        }
    }

    @Test
    void stationsAsJsonAndGeoJsonCarryTheLicence() {
        JsonNode list = json(http.get("/api/v1/stations"));
        assertThat(list.get("count").asInt()).isEqualTo(140);
        assertThat(list.get("licence").get("name").asText()).isEqualTo("CC BY 4.0");
        JsonNode first = list.get("stations").get(0);
        assertThat(first.get("code").asText()).isEqualTo("QN-AQ-01");
        assertThat(first.get("parameters").get(0).get("symbol").asText()).isEqualTo("PM2,5");
        assertThat(first.get("parameters").get(0).get("limit").get("upper").asDouble()).isEqualTo(50.0);

        HttpResponse<String> geo = http.get("/api/v1/stations", "Accept", "application/geo+json");
        assertThat(geo.headers().firstValue("Content-Type")).hasValue("application/geo+json; charset=utf-8");
        JsonNode fc = json(geo);
        assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(fc.get("features")).hasSize(140);
        JsonNode coords = fc.get("features").get(0).get("geometry").get("coordinates");
        assertThat(coords.get(0).asDouble()).isEqualTo(107.07627);
        assertThat(coords.get(1).asDouble()).isEqualTo(20.95988);
        assertThat(json(http.get("/api/v1/stations?format=geojson")).get("features")).hasSize(140);
    }

    @Test
    void rawDayInLocalTimeAndCursorPagesCoverEveryRowOnce() {
        JsonNode all = json(http.get("/api/v1/stations/QN-AQ-01/readings?" + DAY + "&parameter=PM2.5&limit=10000"));
        assertThat(all.get("count").asInt()).isEqualTo(1440);
        assertThat(all.get("data").get(0).get("time").asText()).isEqualTo("2026-11-20T00:00:00+07:00");
        assertThat(all.get("data").get(0).get("value").asDouble()).isEqualTo(10.0);
        assertThat(all.get("data").get(30).get("qcFlags").get(0).asText()).isEqualTo("RANGE");
        assertThat(all.get("next").isNull()).isTrue();

        Set<String> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = "/api/v1/stations/QN-AQ-01/readings?" + DAY + "&parameter=PM2.5&limit=500";
        while (next != null) {
            HttpResponse<String> r = http.get(next);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode page = json(r);
            pageSizes.add(page.get("count").asInt());
            page.get("data").forEach(row -> assertThat(seen.add(row.get("time").asText())).isTrue());
            next = page.get("next").isNull() ? null : page.get("next").asText();
            if (next != null) {
                assertThat(r.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"");
            }
        }
        assertThat(pageSizes).containsExactly(500, 500, 440);
        assertThat(seen).hasSize(1440);
    }

    @Test
    void timeZoneMovesTheDayBoundaries() {
        JsonNode utc = json(http.get("/api/v1/stations/QN-AQ-01/readings?" + DAY + "&tz=UTC&parameter=PM10"
                + "&limit=10000"));
        // UTC day 20 holds local 07:00..23:59 of day 20 only: 17 hours of minutes.
        assertThat(utc.get("count").asInt()).isEqualTo(17 * 60);
        assertThat(utc.get("data").get(0).get("time").asText()).isEqualTo("2026-11-20T00:00:00Z");
    }

    @Test
    void csvByAcceptHeaderOrFormatQuotesSymbolsWithCommas() {
        HttpResponse<String> r = http.get("/api/v1/stations/QN-AQ-01/readings?" + DAY
                + "&parameter=PM2,5&limit=2", "Accept", "text/csv");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.body()).isEqualTo("station,time,parameter,unit,value,status,qc_flags\r\n"
                + "QN-AQ-01,2026-11-20T00:00:00+07:00,\"PM2,5\",µg/Nm3,10.0,0,\r\n"
                + "QN-AQ-01,2026-11-20T00:01:00+07:00,\"PM2,5\",µg/Nm3,10.0,0,\r\n");
        assertThat(http.get("/api/v1/stations/QN-AQ-01/daily?" + DAY + "&parameter=PM10&format=csv").body())
                .startsWith("station,day,parameter,unit,avg,min,max,valid_count,total_count,expected_count,"
                        + "completeness,valid\r\nQN-AQ-01,2026-11-20,PM10,µg/Nm3,40.0,40.0,40.0,1440,1440,1440,1.0,"
                        + "true\r\n");
    }

    @Test
    void hourlyAndDailyAggregatesExcludeFlaggedReadings() {
        JsonNode hourly = json(http.get("/api/v1/stations/QN-AQ-01/hourly?" + DAY + "&parameter=PM2.5"));
        assertThat(hourly.get("count").asInt()).isEqualTo(24);
        JsonNode h5 = hourly.get("data").get(5);
        assertThat(h5.get("start").asText()).isEqualTo("2026-11-20T05:00:00+07:00");
        assertThat(h5.get("avg").asDouble()).isEqualTo(15.0);
        assertThat(h5.get("validCount").asInt()).isEqualTo(59);
        assertThat(h5.get("totalCount").asInt()).isEqualTo(60);

        JsonNode daily = json(http.get("/api/v1/stations/QN-AQ-01/daily?" + DAY + "&parameter=PM2.5"));
        assertThat(daily.get("count").asInt()).isEqualTo(1);
        assertThat(daily.get("data").get(0).get("day").asText()).isEqualTo("2026-11-20");
        assertThat(daily.get("data").get(0).get("avg").asDouble()).isEqualTo(21.5);
        assertThat(daily.get("data").get(0).get("validCount").asInt()).isEqualTo(24 * 59);

        // In UTC the local day splits into two UTC days: local hours 0-6 (avg 13) and 7-23 (avg 25).
        JsonNode utc = json(http.get("/api/v1/stations/QN-AQ-01/daily?from=2026-11-19&to=2026-11-20&tz=UTC"
                + "&parameter=PM2.5"));
        assertThat(utc.get("data")).hasSize(2);
        assertThat(utc.get("data").get(0).get("day").asText()).isEqualTo("2026-11-19");
        assertThat(utc.get("data").get(0).get("avg").asDouble()).isEqualTo(13.0);
        assertThat(utc.get("data").get(1).get("avg").asDouble()).isEqualTo(25.0);
        assertThat(utc.get("data").get(1).get("start").asText()).isEqualTo("2026-11-20T00:00:00Z");
    }

    @Test
    void aqiAndLatestAndAlerts() {
        JsonNode aqi = json(http.get("/api/v1/stations/QN-AQ-01/aqi/hourly?" + DAY));
        assertThat(aqi.get("data")).hasSize(1);
        assertThat(aqi.get("data").get(0).get("aqi").asInt()).isEqualTo(87);
        assertThat(aqi.get("data").get(0).get("band").get("name").asText()).isEqualTo("MODERATE");
        assertThat(aqi.get("data").get(0).get("subIndices").get("PM2,5").asInt()).isEqualTo(87);
        JsonNode daily = json(http.get("/api/v1/stations/QN-AQ-01/aqi/daily?" + DAY));
        assertThat(daily.get("data").get(0).get("aqi").asInt()).isEqualTo(70);
        assertThat(json(http.get("/api/v1/stations/QN-AQ-01/aqi/daily?" + DAY + "&index=US_AQI")).get("data"))
                .isEmpty();

        JsonNode latest = json(http.get("/api/v1/latest"));
        JsonNode s1 = latest.get("stations").get(0);
        assertThat(s1.get("code").asText()).isEqualTo("QN-AQ-01");
        // older than the 2-day window: found by the second, unbounded lookup
        assertThat(s1.get("values").get(0).get("value").asDouble()).isEqualTo(33.0);
        assertThat(s1.get("values").get(0).get("time").asText()).isEqualTo("2026-11-20T23:59:00+07:00");
        assertThat(s1.get("aqi").isNull()).isTrue();
        JsonNode s2 = latest.get("stations").get(1);
        assertThat(s2.get("values").get(0).get("value").asDouble()).isEqualTo(42.5);
        assertThat(s2.get("aqi").get("value").asInt()).isEqualTo(120);
        assertThat(s2.get("aqi").get("band").get("colour").asText()).isEqualTo("#ff7e00");
        assertThat(latest.get("stations").get(2).get("values")).isEmpty();

        JsonNode alerts = json(http.get("/api/v1/alerts?from=2026-11-01&to=2026-11-30&station=QN-AQ-01"));
        assertThat(alerts.get("alerts")).hasSize(1);
        assertThat(alerts.get("alerts").get(0).get("parameter").asText()).isEqualTo("PM2,5");
        assertThat(alerts.get("alerts").get(0).get("openedAt").asText()).isEqualTo("2026-11-20T18:00:00+07:00");
    }

    @Test
    void badRequestsSayWhatToChange() {
        HttpResponse<String> tooLong = http.get("/api/v1/stations/QN-AQ-01/readings?from=2026-01-01&to=2026-03-01");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.headers().firstValue("Content-Type")).hasValue("application/problem+json; charset=utf-8");
        assertThat(json(tooLong).get("detail").asText()).contains("at most 31 days");

        assertThat(detail(http.get("/api/v1/stations/QN-AQ-01/readings?tz=Mars/Olympus"), 400))
                .contains("'tz' = 'Mars/Olympus' is not a time zone");
        assertThat(detail(http.get("/api/v1/stations/QN-AQ-01/readings?from=yesterday"), 400))
                .contains("'from' = 'yesterday' is not a time");
        assertThat(detail(http.get("/api/v1/stations/QN-AQ-01/readings?from=2026-11-21&to=2026-11-20"), 400))
                .contains("must be before");
        assertThat(detail(http.get("/api/v1/stations/QN-AQ-01/readings?parameter=pH"), 400))
                .contains("does not measure 'pH'");
        assertThat(detail(http.get("/api/v1/stations/QN-AQ-01/readings?limit=0"), 400)).contains("'limit'");
        assertThat(detail(http.get("/api/v1/stations/QN-AQ-01/readings?format=xml"), 400))
                .contains("use one of csv, json");
        assertThat(detail(http.get("/api/v1/stations/QN-XX-99/readings"), 404)).contains("no station");
        assertThat(detail(http.get("/api/v1/stations/QN-AQ-01/aqi/hourly?index=AQI"), 400))
                .contains("VN_AQI or US_AQI");
    }

    @Test
    void sqlInjectionAttemptsAreHarmless() {
        long before = PortalTestData.count(db, "SELECT count(*) FROM reading");
        assertThat(http.get("/api/v1/stations/" + q("QN-AQ-01' OR '1'='1") + "/readings").statusCode())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/stations/QN-AQ-01/readings?parameter=" + q("1); DROP TABLE reading; --"))
                .statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/stations/QN-AQ-01/daily?tz=" + q("UTC'; DROP TABLE reading; --"))
                .statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/stations/QN-AQ-01/readings?cursor=" + q("' OR 1=1 --")).statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/v1/alerts?station=" + q("x' OR '1'='1")).statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/alerts?state=" + q("OPEN' OR '1'='1")).statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/stations/QN-AQ-01/readings?from=" + q("2026-11-20'; DELETE FROM reading; --"))
                .statusCode()).isEqualTo(400);
        assertThat(PortalTestData.count(db, "SELECT count(*) FROM reading")).isEqualTo(before);
    }

    @Test
    void etagRevalidationCacheControlAndCors() {
        HttpResponse<String> first = http.get("/api/v1/stations/QN-AQ-01/readings?" + DAY + "&limit=5");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        // the window ended long before the test clock's now: cacheable for an hour
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        HttpResponse<String> again = http.get("/api/v1/stations/QN-AQ-01/readings?" + DAY + "&limit=5",
                "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        HttpResponse<String> cors = http.get("/api/v1/stations", "Origin", "https://example.org");
        assertThat(cors.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void openApiDocumentMatchesTheRoutes() {
        JsonNode doc = json(http.get("/api/v1/openapi.json"));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            e.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + e.getKey()));
        }
        Set<String> routed = new HashSet<>();
        for (String r : portal.routes()) {
            if (r.contains(" /api/v1") && !r.contains("/api/v1/docs")) {
                routed.add(r.replaceAll(":([a-zA-Z]+)", "{$1}"));
            }
        }
        assertThat(routed).isEqualTo(documented);
        // and every documented path answers (no 404 from the router)
        for (String d : documented) {
            String path = d.substring(4).replace("{code}", "QN-AQ-01");
            assertThat(http.get(path).statusCode()).as(d).isEqualTo(200);
        }
        assertThat(http.get("/api/v1/docs/").body()).contains("swagger-ui-bundle.js");
        assertThat(http.get("/api/v1/docs/assets/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    }

    private static String detail(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json(r).get("detail").asText();
    }
}
