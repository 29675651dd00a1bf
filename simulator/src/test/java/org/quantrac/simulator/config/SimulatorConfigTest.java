package org.quantrac.simulator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.cli.SimulateCommandAccess;
import org.quantrac.simulator.mqtt.MqttClientLibrary;
import org.quantrac.simulator.mqtt.MqttProtocol;
import picocli.CommandLine;

class SimulatorConfigTest {

    @Test
    void defaultsAreUsableForALiveRun() {
        SimulatorConfig c = SimulatorConfig.from(ConfigSource.of(Map.of()));
        assertThat(c.mqtt().serverUri()).isEqualTo("tcp://127.0.0.1:18830");
        assertThat(c.mode()).isEqualTo(TimeMode.REAL_TIME);
        assertThat(c.protocol()).isEqualTo(ProtocolChoice.MIXED);
        assertThat(c.connection()).isEqualTo(Connection.PER_STATION);
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.keepReadings()).isFalse();
        assertThat(c.mqtt().protocol()).isEqualTo(MqttProtocol.V5);
        assertThat(c.mqtt().client()).isEqualTo(MqttClientLibrary.PAHO);
    }

    @Test
    void theVertxClientNeedsMqtt311AndSaysHowToGetIt() {
        assertThat(SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mqtt.client", "vertx",
                "simulator.mqtt.protocolVersion", "3"))).mqtt().client()).isEqualTo(MqttClientLibrary.VERTX);
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mqtt.client", "vertx"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.mqtt.client = vertx")
                .hasMessageContaining("MQTT 3.1.1 only").hasMessageContaining("simulator.mqtt.protocolVersion: 3");
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mqtt.client", "vertx",
                "simulator.mqtt.protocolVersion", "5")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MQTT 3.1.1 only");
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mqtt.client", "vertx",
                "simulator.mqtt.protocolVersion", "3", "simulator.mqtt.serverUri", "ws://127.0.0.1:9001"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tcp:// and ssl://");
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mqtt.client", "hivemq"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.mqtt.client");
    }

    @Test
    void protocolVersion3MeansMqtt311AndOtherVersionsAreRefused() {
        assertThat(SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mqtt.protocolVersion", "3"))).mqtt()
                .protocol()).isEqualTo(MqttProtocol.V3_1_1);
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mqtt.protocolVersion", "4"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.mqtt.protocolVersion")
                .hasMessageContaining("3 (MQTT 3.1.1) or 5");
    }

    @Test
    void fromAndToMeanBackfillKeepingReadings() {
        SimulatorConfig c = SimulatorConfig.from(ConfigSource.of(Map.of("simulator.from", "2026-11-28T07:00:00+07:00",
                "simulator.to", "2026-11-28T01:00:00Z", "simulator.protocol", "mqtt", "simulator.seed", "-9")));
        assertThat(c.mode()).isEqualTo(TimeMode.BACKFILL);
        assertThat(c.from()).contains(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(c.keepReadings()).isTrue();
        assertThat(c.protocol()).isEqualTo(ProtocolChoice.MQTT);
        assertThat(c.seed()).isEqualTo(-9);
    }

    @Test
    void badValuesFailFastNamingTheKey() {
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.from", "2026-11-28T07:00"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.from").hasMessageContaining("offset");
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.mode", "backfill"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.from");
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.protocol", "ftp"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.protocol");
        assertThatThrownBy(() -> SimulatorConfig.from(ConfigSource.of(Map.of("simulator.seed", "x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("simulator.seed");
    }

    @Test
    void stationSelectionTakesAllTheFirstNOrCodes() {
        StationCatalog catalog = StationCatalog.builtIn();
        assertThat(StationSelection.select(catalog, "all")).hasSize(catalog.size());
        assertThat(StationSelection.select(catalog, "3")).hasSize(3);
        assertThat(StationSelection.select(catalog, "QN-AQ-02,QN-AQ-01")).extracting(s -> s.code())
                .containsExactly("QN-AQ-02", "QN-AQ-01");
        assertThatThrownBy(() -> StationSelection.select(catalog, "QN-NOPE")).hasMessageContaining("QN-NOPE");
    }

    @Test
    void commandLineOverridesTheFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sim.yaml");
        Files.writeString(file, "simulator:\n  seed: 5\n  speed: 10\n  stations: 4\n");
        SimulatorConfig c = SimulateCommandAccess.parse(new String[] {"--config", file.toString(), "--seed", "8",
                "--protocol", "tt10", "--fault", "type=offline stations=all at=+1m duration=1m", "--fault",
                "type=duplicates stations=all at=+1m duration=1m"}, Map.of());
        assertThat(c.faults()).contains("type=offline stations=all at=+1m duration=1m;"
                + "type=duplicates stations=all at=+1m duration=1m");
        assertThat(c.seed()).isEqualTo(8);
        assertThat(c.speed()).isEqualTo(10.0);
        assertThat(c.mode()).isEqualTo(TimeMode.ACCELERATED);
        assertThat(c.stations()).isEqualTo("4");
        assertThat(c.protocol()).isEqualTo(ProtocolChoice.TT10);
        assertThat(new CommandLine(SimulateCommandAccess.command()).getUsageMessage()).contains("--truth", "--from");
    }
}
