package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quantrac.portal.Http.json;
import static org.quantrac.portal.Http.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.station.StationCatalog;

/** The SensorThings v1.1 subset on the known day of QN-AQ-01 (see {@link PortalTestData}). */
class SensorThingsIT {

    private static PortalApp portal;
    private static Http http;
    private static DatabaseConfig db;

    @BeforeAll
    static void start() {
        db = PortalTestData.schema("portal_sta", false, false);
        PortalTestData.insertKnownDay(db);
        portal = PortalTestData.start(db, Map.of("portal.rateLimit.enabled", "false"));
        http = new Http(portal.port());
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void rootAndThingsWithCountPagingAndExpand() {
        JsonNode root = json(http.get("/sta/v1.1"));
        assertThat(root.get("value")).extracting(v -> v.get("name").asText()).containsExactly("Things",
                "Locations", "Datastreams", "Sensors", "ObservedProperties", "Observations");

        JsonNode things = json(http.get("/sta/v1.1/Things?$top=2&$count=true"));
        assertThat(things.get("@iot.count").asLong()).isEqualTo(140);
        assertThat(things.get("value")).hasSize(2);
        assertThat(things.get("@iot.nextLink").asText()).endsWith("/sta/v1.1/Things?$top=2&$count=true&$skip=2");
        assertThat(json(http.get(things.get("@iot.nextLink").asText())).get("value").get(0).get("@iot.id").asInt())
                .isEqualTo(3);

        JsonNode thing = json(http.get("/sta/v1.1/Things(1)?$expand=Locations,Datastreams"));
        assertThat(thing.get("properties").get("code").asText()).isEqualTo("QN-AQ-01");
        assertThat(thing.get("Locations").get(0).get("location").get("coordinates").get(0).asDouble())
                .isEqualTo(107.07627);
        assertThat(thing.get("Datastreams")).hasSize(15);
        assertThat(thing.get("Datastreams").get(0).get("@iot.id").asLong()).isEqualTo(1001);
        assertThat(thing.get("HistoricalLocations@iot.navigationLink").asText())
                .endsWith("/Things(1)/HistoricalLocations");
        assertThat(json(http.get("/sta/v1.1/Things(1)/HistoricalLocations")).get("value")).isEmpty();
        JsonNode withObs = json(http.get("/sta/v1.1/Datastreams(1002)?$expand=Observations"));
        assertThat(withObs.get("Observations")).hasSize(100);
        assertThat(withObs.get("Observations").get(0).get("phenomenonTime").asText())
                .as("newest first").isEqualTo("2026-11-20T16:59:00Z");

        assertThat(json(http.get("/sta/v1.1/Things?$filter=" + q("name eq 'Quan trắc không khí Hạ Long 02'")))
                .get("value").get(0).get("@iot.id").asInt()).isEqualTo(2);
        assertThat(json(http.get("/sta/v1.1/Datastreams(1001)/Thing")).get("@iot.id").asInt()).isEqualTo(1);
        assertThat(json(http.get("/sta/v1.1/Datastreams(1001)/ObservedProperty")).get("name").asText())
                .isEqualTo("PM2.5");
        assertThat(json(http.get("/sta/v1.1/Datastreams(1001)?$expand=Sensor,ObservedProperty")).get("Sensor")
                .get("@iot.id").asLong()).isEqualTo(1001);
        long pm25Stations = StationCatalog.builtIn().all().stream().filter(s -> s.measures(1)).count();
        assertThat(json(http.get("/sta/v1.1/ObservedProperties(1)/Datastreams?$count=true&$top=0"))
                .get("@iot.count").asLong()).isEqualTo(pm25Stations);
    }

    @Test
    void observationsFilteredByPhenomenonTimeOrderedAndPaged() {
        String filter = q("phenomenonTime ge 2026-11-20T00:00:00Z and phenomenonTime lt 2026-11-20T01:00:00Z");
        JsonNode obs = json(http.get("/sta/v1.1/Datastreams(1001)/Observations?$filter=" + filter
                + "&$orderby=" + q("phenomenonTime desc") + "&$top=5&$count=true"));
        assertThat(obs.get("@iot.count").asLong()).isEqualTo(60);
        assertThat(obs.get("value")).hasSize(5);
        JsonNode first = obs.get("value").get(0);
        // 00:59 UTC is 07:59 local: value 10 + 7
        assertThat(first.get("phenomenonTime").asText()).isEqualTo("2026-11-20T00:59:00Z");
        assertThat(first.get("result").asDouble()).isEqualTo(17.0);
        assertThat(obs.get("@iot.nextLink").asText()).contains("$skip=5");

        long ms = Instant.parse("2026-11-20T00:30:00Z").toEpochMilli();
        JsonNode one = json(http.get("/sta/v1.1/Observations('1-1-" + ms + "')"));
        assertThat(one.get("result").asDouble()).isEqualTo(999.0);
        assertThat(one.get("resultQuality").get(0).asText()).isEqualTo("RANGE");
        assertThat(json(http.get("/sta/v1.1/Observations('1-1-" + ms + "')/Datastream")).get("@iot.id").asLong())
                .isEqualTo(1001);

        JsonNode all = json(http.get("/sta/v1.1/Observations?$filter=" + q("phenomenonTime ge 2026-11-20T00:00:00Z "
                + "and phenomenonTime lt 2026-11-20T00:01:00Z") + "&$count=true"));
        assertThat(all.get("@iot.count").asLong()).as("PM2,5 and PM10 of that minute").isEqualTo(2);
    }

    @Test
    void unsupportedOptionsAndInjectionAreClearErrors() {
        long before = PortalTestData.count(db, "SELECT count(*) FROM reading");
        assertThat(http.get("/sta/v1.1/Things?$filter=" + q("substringof('x', name)")).statusCode()).isEqualTo(400);
        assertThat(http.get("/sta/v1.1/Things?$expand=" + q("Datastreams/Observations")).statusCode())
                .isEqualTo(400);
        assertThat(http.get("/sta/v1.1/Datastreams(1001)/Observations?$filter=" + q("phenomenonTime ge "
                + "2026-11-20T00:00:00Z'; DROP TABLE reading; --")).statusCode()).isEqualTo(400);
        assertThat(http.get("/sta/v1.1/Things(" + q("1 OR 1=1") + ")").statusCode()).isEqualTo(400);
        assertThat(http.get("/sta/v1.1/Things(999)").statusCode()).isEqualTo(404);
        assertThat(http.get("/sta/v1.1/Gadgets").statusCode()).isEqualTo(404);
        assertThat(http.get("/sta/v1.1/Things?$top=abc").statusCode()).isEqualTo(400);
        assertThat(PortalTestData.count(db, "SELECT count(*) FROM reading")).isEqualTo(before);
    }
}
