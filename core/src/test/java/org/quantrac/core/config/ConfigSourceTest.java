package org.quantrac.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

    @TempDir
    Path dir;

    @Test
    void environmentOverridesFileAndDefaultsFillTheRest() throws IOException {
        Path file = dir.resolve("q.yaml");
        Files.writeString(file, "kafka:\n  bootstrapServers: k1:9092\ndb:\n  user: alice\n  poolSize: 3\n");
        ConfigSource c = ConfigSource.load(Optional.of(file), Map.of("QUANTRAC_KAFKA_BOOTSTRAP_SERVERS", "k2:9093",
                "QUANTRAC_TEST_KAFKA", "ignored", "QUANTRAC_LOG_FORMAT", "json", "QUANTRAC_JAVA_OPTS", "-Xmx1g",
                "PATH", "/bin"));
        assertThat(KafkaConfig.from(c).bootstrapServers()).isEqualTo("k2:9093");
        DatabaseConfig db = DatabaseConfig.from(c);
        assertThat(db.user()).isEqualTo("alice");
        assertThat(db.poolSize()).isEqualTo(3);
        assertThat(db.url()).startsWith("jdbc:postgresql://");
        c.failOnUnknownKeys();
    }

    @Test
    void badValueStopsStartupNamingKeyOriginAndExpectation() {
        ConfigSource c = ConfigSource.load(Optional.empty(), Map.of("QUANTRAC_DB_POOL_SIZE", "lots"));
        assertThatThrownBy(() -> DatabaseConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.poolSize").hasMessageContaining("lots")
                .hasMessageContaining("QUANTRAC_DB_POOL_SIZE").hasMessageContaining("1 to 64");
    }

    @Test
    void typoInFileIsReportedNotIgnored() throws IOException {
        Path file = dir.resolve("q.yaml");
        Files.writeString(file, "kafka:\n  bootstrapServer: k1:9092\n");
        ConfigSource c = ConfigSource.load(Optional.of(file), Map.of());
        KafkaConfig.from(c);
        assertThatThrownBy(c::failOnUnknownKeys).hasMessageContaining("kafkabootstrapserver")
                .hasMessageContaining("kafka.bootstrapServers");
    }

    @Test
    void durationsInShortAndIsoForm() {
        ConfigSource c = ConfigSource.of(Map.of("a", "250ms", "b", "PT2M", "c", "5 m", "d", "soon"));
        Duration max = Duration.ofDays(1);
        assertThat(c.duration("a", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.duration("b", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.duration("c", Duration.ZERO, Duration.ZERO, max)).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> c.duration("d", Duration.ZERO, Duration.ZERO, max)).hasMessageContaining("soon");
    }

    @Test
    void describeMasksSecrets() {
        ConfigSource c = ConfigSource.of(Map.of("db.password", "hunter2", "db.user", "bob"));
        DatabaseConfig.from(c);
        assertThat(c.describe()).contains("db.user = bob").contains("db.password = ****").doesNotContain("hunter2");
    }

    @Test
    void envNameIsDerivedFromKey() {
        assertThat(ConfigSource.envName("kafka.bootstrapServers")).isEqualTo("QUANTRAC_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ConfigSource.envName("processor.batchSize")).isEqualTo("QUANTRAC_PROCESSOR_BATCH_SIZE");
    }
}
