package org.quantrac.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.core.station.Station;

class RoleSetupTest {

    private static final String ONE_STATION = """
            version: 1
            stations:
              - id: 901
                code: QN-DEPT-01
                name: "Trạm của Sở"
                kind: AMBIENT_AIR
                district: "Hạ Long"
                latitude: 20.95
                longitude: 107.07
                protocol: MQTT_JSON
                intervalSeconds: 300
                aqiEligible: true
                parameters: ["PM2,5", "SO2"]
            """;

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void withoutACatalogFileARoleServesTheBuiltInCatalog() {
        assertThat(RoleSetup.catalog(Optional.empty()).size()).isEqualTo(140);
    }

    @Test
    void theDepartmentsCatalogFileReplacesTheBuiltInOne() throws IOException {
        Path file = write("stations.yaml", ONE_STATION);
        assertThat(RoleSetup.catalog(Optional.of(file)).all()).extracting(Station::code)
                .containsExactly("QN-DEPT-01");
    }

    @Test
    void catalogFileIsAKnownKeyAndTheCommandLineFileWins() throws IOException {
        Path configured = write("configured.yaml", ONE_STATION);
        Path config = write("role.yaml", "catalog:\n  file: " + configured + "\nexample:\n  port: 8080\n");
        // as a role's command reads it: the key must be read (known) even when --catalog overrides it
        RoleSetup<Integer> setup = RoleSetup.read("Example", config, null, c -> c.integer("example.port", 1, 1, 65535));
        assertThat(setup.config()).isEqualTo(8080);
        assertThat(setup.catalog().size()).isOne();

        Path given = write("given.yaml", ONE_STATION.replace("QN-DEPT-01", "QN-DEPT-02"));
        RoleSetup<Integer> overridden = RoleSetup.read("Example", config, given,
                c -> c.integer("example.port", 1, 1, 65535));
        assertThat(overridden.catalog().all()).extracting(Station::code).containsExactly("QN-DEPT-02");
    }

    @Test
    void anUnreadableCatalogStopsStartupNamingTheSetting() throws IOException {
        Path broken = write("broken.yaml", "version: 1\nstations:\n  - id: 1\n    code: X\n    kind: NOT_A_KIND\n");
        assertThatThrownBy(() -> RoleSetup.catalog(Optional.of(broken)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(broken.toString()).hasMessageContaining("catalog.file");
        assertThatThrownBy(() -> RoleSetup.catalog(Optional.of(dir.resolve("nope.yaml"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml");
    }
}
