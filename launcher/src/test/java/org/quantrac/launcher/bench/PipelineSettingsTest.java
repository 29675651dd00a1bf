package org.quantrac.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigException;

/**
 * {@code bench pipeline --set}: a key no role reads or a bad value stops the run before anything is created (the
 * addresses below lead nowhere: reaching a server would fail differently), and the JSON line echoes what was set.
 */
class PipelineSettingsTest {

    private static Map<String, String> nowhere() {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrapServers", "127.0.0.1:9");
        s.put("db.url", "jdbc:postgresql://127.0.0.1:9/none");
        s.put("db.user", "none");
        s.put("db.password", "none");
        s.put("connectors.mqtt.serverUri", "tcp://127.0.0.1:9");
        s.put("simulator.mqtt.serverUri", "tcp://127.0.0.1:9");
        return s;
    }

    private static PipelineLoad load(Map<String, String> settings) {
        return new PipelineLoad(10, 2, Duration.ofSeconds(1), Duration.ofSeconds(5), true, 1, "hivemq", false,
                Duration.ZERO, "vertx", 0, settings);
    }

    @Test
    void onlyTheBenchedRolesKeysCanBeSet() {
        assertThatThrownBy(() -> load(Map.of("db.url", "jdbc:postgresql://elsewhere/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--set db.url").hasMessageContaining("processor.…");
    }

    @Test
    void aKeyNoRoleReadsStopsTheRunBeforeItStarts() {
        assertThatThrownBy(() -> PipelineBench.run(load(Map.of("processor.consumer", "2")), nowhere()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--set processor.consumer: no such key");
    }

    @Test
    void aBadValueStopsTheRunWithTheRolesOwnMessage() {
        assertThatThrownBy(() -> PipelineBench.run(load(Map.of("processor.consumers", "0")), nowhere()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processor.consumers");
    }

    @Test
    void theJsonLineEchoesTheSettingsInKeyOrder() {
        PipelineResult.Builder b = new PipelineResult.Builder();
        b.settings = load(Map.of("simulator.mqtt.window", "32", "processor.consumers", "2")).settings();
        assertThat(b.build().toJson()).endsWith(
                ",\"max_lead\":0,\"settings\":{\"processor.consumers\":\"2\",\"simulator.mqtt.window\":\"32\"}}");
        assertThat(new PipelineResult.Builder().build().toJson()).endsWith(",\"max_lead\":0,\"settings\":{}}");
    }
}
