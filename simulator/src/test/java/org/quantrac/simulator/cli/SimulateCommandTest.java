package org.quantrac.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    @Test
    void backfillWithFilesWritesTheLandingFolderAndTheTruthAndExitsZero(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("sim.yaml");
        Files.writeString(config, "simulator:\n  landingDir: " + dir.resolve("landing") + "\n");
        Path truth = dir.resolve("truth.json");
        int exit = new CommandLine(new SimulateCommand()).execute("--config", config.toString(),
                "--stations", "QN-AQ-01", "--protocol", "files", "--seed", "3",
                "--from", "2026-11-28T07:00:00+07:00", "--to", "2026-11-28T07:10:00+07:00",
                "--fault", "type=duplicates stations=all at=+2m duration=3m",
                "--truth", truth.toString());
        assertThat(exit).isZero();
        try (Stream<Path> files = Files.list(dir.resolve("landing"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".txt"))).hasSize(10);
        }
        JsonNode t = new ObjectMapper().readTree(truth.toFile());
        assertThat(t.get("observationsSent").asLong()).isEqualTo(10);
        assertThat(t.get("events").get(0).get("type").asText()).isEqualTo("duplicates");
        assertThat(t.get("stations").get("QN-AQ-01").get("parameters").get("PM2,5").get("first").asText())
                .isEqualTo("2026-11-28T00:00:00Z");
    }

    @Test
    void aWrongOptionValueFailsWithAMessageNamingIt() {
        CommandLine cmd = new CommandLine(new SimulateCommand());
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setErr(new java.io.PrintWriter(err));
        int exit = cmd.execute("--protocol", "carrier-pigeon", "--from", "2026-11-28T07:00:00+07:00", "--to",
                "2026-11-28T07:10:00+07:00");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("simulator.protocol").contains("carrier-pigeon");
    }
}
