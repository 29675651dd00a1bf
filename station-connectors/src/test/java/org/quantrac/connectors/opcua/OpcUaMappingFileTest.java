package org.quantrac.connectors.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.station.StationCatalog;

class OpcUaMappingFileTest {

    static final StationCatalog CATALOG = StationCatalog.builtIn();

    @TempDir
    Path dir;

    Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("m.yaml"), yaml);
    }

    @Test
    void readsStationsWithDefaultsFromTheCatalog() throws Exception {
        List<OpcUaStationMapping> m = OpcUaMappingFile.load(file("""
                stations:
                  - station: QN-ST-01
                    endpoint: opc.tcp://10.0.0.5:4840/cems
                    statusNode: "nsu=urn:v;s=Status"
                    nodes:
                      - {node: "nsu=urn:v;s=Dust", parameter: Dust}
                      - {node: "ns=2;s=SO2", parameter: SO2, unit: ppm}
                  - station: QN-ST-02
                    endpoint: opc.tcp://10.0.0.6:4840
                    samplingIntervalMs: 5000
                    nodes:
                      - {node: "ns=2;i=17", parameter: NOx}
                """), CATALOG);
        assertThat(m).hasSize(2);
        assertThat(m.get(0).samplingInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(m.get(0).statusNode()).contains("nsu=urn:v;s=Status");
        assertThat(m.get(0).nodes()).containsExactly(
                new OpcUaStationMapping.NodeMapping("nsu=urn:v;s=Dust", "Dust", ""),
                new OpcUaStationMapping.NodeMapping("ns=2;s=SO2", "SO2", "ppm"));
        assertThat(m.get(1).samplingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.get(1).statusNode()).isEmpty();
    }

    @Test
    void securityAndUserNameWithThePasswordFromTheEnvironment() throws Exception {
        Path f = file("""
                stations:
                  - station: QN-ST-01
                    endpoint: opc.tcp://h:4840
                    security: basic256sha256
                    username: quantrac
                    passwordEnv: QN_ST_01_PW
                    nodes: [{node: "ns=2;s=X", parameter: Dust}]
                """);
        OpcUaStationMapping m = OpcUaMappingFile.load(f, CATALOG, java.util.Map.of("QN_ST_01_PW", "pw")).get(0);
        assertThat(m.security()).isEqualTo(OpcUaStationMapping.Security.BASIC256SHA256);
        assertThat(m.username()).contains("quantrac");
        assertThat(m.password()).contains("pw");
        assertThatThrownBy(() -> OpcUaMappingFile.load(f, CATALOG, java.util.Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("QN_ST_01_PW");
        assertThatThrownBy(() -> OpcUaMappingFile.load(file("""
                stations:
                  - station: QN-ST-01
                    endpoint: opc.tcp://h:4840
                    security: Basic128
                    nodes: [{node: "ns=2;s=X", parameter: Dust}]
                """), CATALOG)).isInstanceOf(ConfigException.class).hasMessageContaining("Basic256Sha256");
    }

    @Test
    void mistakesFailFastWithWhereAndWhat() throws Exception {
        assertThatThrownBy(() -> OpcUaMappingFile.load(file("""
                stations:
                  - station: QN-ST-01
                    endpoint: opc.tcp://h:4840
                    nodes: [{node: "ns=2;s=pH", parameter: pH}]
                """), CATALOG)).isInstanceOf(ConfigException.class).hasMessageContaining("QN-ST-01")
                .hasMessageContaining("'pH'");
        assertThatThrownBy(() -> OpcUaMappingFile.load(file("""
                stations:
                  - station: QN-NOPE
                    endpoint: opc.tcp://h:4840
                    nodes: [{node: "ns=2;s=X", parameter: Dust}]
                """), CATALOG)).isInstanceOf(ConfigException.class).hasMessageContaining("not in the station catalog");
        assertThatThrownBy(() -> OpcUaMappingFile.load(file("""
                stations:
                  - station: QN-ST-01
                    endpoint: http://h
                    nodes: [{node: "ns=2;s=X", parameter: Dust}]
                """), CATALOG)).isInstanceOf(ConfigException.class).hasMessageContaining("opc.tcp://");
        assertThatThrownBy(() -> OpcUaMappingFile.load(file("""
                stations:
                  - station: QN-ST-01
                    endpont: opc.tcp://h:4840
                """), CATALOG)).isInstanceOf(ConfigException.class).hasMessageContaining("not valid");
    }
}
