package org.quantrac.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;

class ProcessorConfigTest {

    @Test
    void defaults() {
        ProcessorConfig c = ProcessorConfig.from(ConfigSource.of(Map.of()));
        assertThat(c.topic()).isEqualTo("quantrac.readings.v1");
        assertThat(c.groupId()).isEqualTo("quantrac-processor");
        assertThat(c.consumers()).isEqualTo(2);
        assertThat(c.batchSize()).isEqualTo(10_000);
        assertThat(c.linger()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.schema()).isEqualTo("public");
        assertThat(c.migrate()).isTrue();
        assertThat(c.opsPort()).isEqualTo(9403);
        assertThat(c.latestFlush()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.schemaDatabase()).isEqualTo(c.database());
    }

    @Test
    void keysFromFileOrEnvironmentSpelling() {
        ConfigSource source = ConfigSource.of(Map.of("processor.topic", "t1", "PROCESSOR_BATCH_SIZE", "500",
                "processor.linger", "50ms", "processor.schema", "ingest", "processor.migrate", "false",
                "processor.latestFlush", "500ms",
                "db.url", "jdbc:postgresql://db:5432/q"));
        ProcessorConfig c = ProcessorConfig.from(source);
        source.failOnUnknownKeys();
        assertThat(c.topic()).isEqualTo("t1");
        assertThat(c.batchSize()).isEqualTo(500);
        assertThat(c.linger()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.migrate()).isFalse();
        assertThat(c.latestFlush()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.schemaDatabase().url()).isEqualTo("jdbc:postgresql://db:5432/q?currentSchema=ingest,public");
    }

    @Test
    void badValuesFailWithTheKey() {
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("processor.batchSize", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processor.batchSize");
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("processor.schema", "x; drop"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processor.schema");
        assertThatThrownBy(() -> ProcessorConfig.from(ConfigSource.of(Map.of("processor.latestFlush", "0s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processor.latestFlush");
    }
}
