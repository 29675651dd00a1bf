package org.quantrac.processor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.config.KafkaConfig;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

/** The processor benchmark's mechanics on the real servers (small N; never its speed). */
class ProcessorBenchmarkIT {

    @Test
    void drainsEverySyntheticReadingThroughTheProcessor() {
        ProcessorBenchmark.Result r = ProcessorBenchmark.run(new KafkaConfig(TestServices.kafka(), "bench-it"),
                new DatabaseConfig(TestServices.dbUrl(), TestServices.dbUser(), TestServices.dbPassword(), 2),
                50, 2_000);

        // 2000 observations of 10 parameters; the run itself checks count(*) = readings before reporting
        assertThat(r.readings()).isEqualTo(20_000);
        assertThat(r.consumers()).isEqualTo(2);
        assertThat(r.toJson()).startsWith("{\"method\":\"processor_kafka_to_db\",\"readings\":20000,")
                .endsWith(",\"consumers\":2}");
    }

    @Test
    void syntheticStationsCarryTenAirParametersAndDoNotClashWithTheCatalog() {
        StationCatalog catalog = StationCatalog.builtIn();
        var stations = ProcessorBenchmark.syntheticStations(catalog, 3);
        assertThat(stations).extracting(s -> s.code()).containsExactly("SYN-000000", "SYN-000001", "SYN-000002");
        assertThat(stations).allSatisfy(s -> assertThat(s.parameters()).hasSize(10));
        assertThat(catalog.with(stations).size()).isEqualTo(catalog.size() + 3);
    }
}
