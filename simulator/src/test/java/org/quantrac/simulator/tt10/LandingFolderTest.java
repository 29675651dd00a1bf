package org.quantrac.simulator.tt10;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.truth.TruthReading;

class LandingFolderTest {

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final StationCatalog CATALOG = StationCatalog.builtIn();

    @Test
    void fileStationsWriteOneCompleteCircularFilePerObservation(@TempDir Path dir) throws Exception {
        Path landing = dir.resolve("landing");
        Path truthFile = dir.resolve("truth.json");
        GroundTruth truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(Map.of(
                "simulator.protocol", "files",
                "simulator.stations", "QN-AQ-01,QN-AQ-02,QN-WW-01",
                "simulator.landingDir", landing.toString(),
                "simulator.from", "2026-11-28T07:00:00+07:00",
                "simulator.to", "2026-11-28T07:15:00+07:00",
                "simulator.truthFile", truthFile.toString()))), CATALOG);

        List<Path> files;
        try (Stream<Path> list = Files.list(landing)) {
            files = list.sorted().collect(Collectors.toList());
        }
        // Two 1-minute stations × 15 plus one 5-minute station × 3; no temporary files left behind.
        assertThat(files).hasSize(33).allMatch(f -> f.getFileName().toString().matches("QN-[A-Z]+-\\d+_\\d{14}\\.txt"));
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("QN-AQ-01_20261128070000.txt",
                "QN-WW-01_20261128071000.txt");
        assertThat(truth.observationsSent()).isEqualTo(33);

        List<TruthReading> read = new ArrayList<>();
        for (Path f : files) {
            String code = f.getFileName().toString().split("_")[0];
            Station s = CATALOG.byCode(code).orElseThrow();
            for (String line : Files.readAllLines(f)) {
                String[] p = line.split("\t");
                assertThat(p).hasSize(5);
                Instant t = LocalDateTime.parse(p[3], COMPACT).toInstant(ZoneOffset.ofHours(7));
                assertThat(f.getFileName().toString()).endsWith(p[3] + ".txt");
                read.add(new TruthReading(code, s.id(), p[0], s.parameter(p[0]).orElseThrow().id(), t,
                        Double.parseDouble(p[1]), p[4]));
            }
        }
        read.sort((a, b) -> a.station().compareTo(b.station()) != 0 ? a.station().compareTo(b.station())
                : a.parameter().compareTo(b.parameter()) != 0 ? a.parameter().compareTo(b.parameter())
                : a.time().compareTo(b.time()));
        assertThat(read).containsExactlyElementsOf(truth.readings());
        assertThat(Files.readString(truthFile)).contains("\"observationsSent\" : 33", "\"QN-WW-01\"", "\"readings\"");
    }
}
