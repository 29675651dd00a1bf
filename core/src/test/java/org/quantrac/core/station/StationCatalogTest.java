package org.quantrac.core.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.Medium;
import org.quantrac.core.parameter.ParameterCatalog;

class StationCatalogTest {

    private final StationCatalog catalog = StationCatalog.builtIn();

    @Test
    void builtInCatalogHas140StationsWithUniqueIdsAndCodes() {
        assertThat(catalog.size()).isEqualTo(140);
        assertThat(catalog.all()).extracting(Station::code).doesNotHaveDuplicates();
        assertThat(catalog.all()).extracting(Station::id).doesNotHaveDuplicates();
        assertThat(catalog.byCode("QN-AQ-01")).get().extracting(Station::id).isEqualTo(1);
    }

    @Test
    void everyKindAndProtocolIsRepresentedWithAMiningHeavyMix() {
        Map<StationKind, Long> kinds = catalog.all().stream()
                .collect(Collectors.groupingBy(Station::kind, Collectors.counting()));
        assertThat(kinds).containsOnlyKeys(StationKind.values());
        assertThat(kinds.get(StationKind.WASTEWATER)).isGreaterThan(kinds.get(StationKind.AMBIENT_AIR));
        assertThat(catalog.all()).extracting(Station::protocol).contains(Protocol.values());
    }

    @Test
    void stationsLieInsideQuangNinhAndMeasureTheirMediumOnly() {
        for (Station s : catalog.all()) {
            assertThat(s.latitude()).as(s.code()).isBetween(20.7, 21.7);
            assertThat(s.longitude()).as(s.code()).isBetween(106.4, 108.1);
            assertThat(s.parameters()).as(s.code()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.medium()).isEqualTo(s.kind().medium()));
        }
    }

    @Test
    void onlyAmbientAirStationsAreAqiEligible() {
        assertThat(catalog.all()).filteredOn(Station::aqiEligible)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.kind()).isEqualTo(StationKind.AMBIENT_AIR))
                .allSatisfy(s -> assertThat(s.parameter("PM2,5")).isPresent());
    }

    @Test
    void stationResolvesSymbolsAsDataloggersWriteThem() {
        Station air = catalog.byCode("QN-AQ-01").orElseThrow();
        assertThat(air.parameter("PM2.5")).get().extracting(p -> p.id()).isEqualTo(1);
        assertThat(air.parameter("pm10")).isPresent();
        assertThat(air.parameter("COD")).isEmpty();
    }

    @Test
    void unknownParameterInCatalogFailsWithAClearMessage() {
        String yaml = "version: 1\nstations:\n  - {id: 1, code: X-1, name: x, kind: AMBIENT_AIR, district: d,"
                + " latitude: 21, longitude: 107, protocol: MQTT_JSON, intervalSeconds: 60, aqiEligible: false,"
                + " parameters: [\"PM2,5\", Banana]}\n";
        assertThatThrownBy(() -> StationCatalog.parse(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), ParameterCatalog.builtIn(), "t"))
                .hasMessageContaining("X-1").hasMessageContaining("Banana").hasMessageContaining("parameters.yaml");
    }

    @Test
    void sameSymbolInTwoMediaIsTwoParameters() {
        ParameterCatalog p = catalog.parameters();
        assertThat(p.bySymbol(Medium.AIR, "SO2").orElseThrow().unit()).isEqualTo("µg/Nm3");
        assertThat(p.bySymbol(Medium.STACK, "SO2").orElseThrow().unit()).isEqualTo("mg/Nm3");
        Map<Integer, String> ids = p.all().stream().collect(Collectors.toMap(x -> x.id(), x -> x.key()));
        assertThat(ids).hasSize(p.all().size());
        assertThat(p.all().stream().collect(Collectors.toMap(x -> x.key(), Function.identity()))).hasSize(ids.size());
    }
}
