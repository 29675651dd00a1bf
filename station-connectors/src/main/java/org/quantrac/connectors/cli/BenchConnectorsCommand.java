package org.quantrac.connectors.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.quantrac.connectors.bench.BenchOptions;
import org.quantrac.connectors.bench.BenchResult;
import org.quantrac.connectors.bench.ConnectorsBench;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.MqttConfig;
import org.quantrac.core.station.StationCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quantrac bench connectors}: measures the MQTT → connector → Kafka path on the real servers. */
@Command(name = "connectors", mixinStandardHelpOptions = true,
        description = {"Synthetic stations publish JSON observations over MQTT to an in-process connector writing to",
            "Kafka; prints published/accepted counts, throughput and publish → Kafka latency.",
            "Uses its own topics (deleted afterwards), client id and share group."})
public final class BenchConnectorsCommand implements Callable<Integer> {

    @Option(names = "--stations", defaultValue = "140", description = "synthetic stations (default ${DEFAULT-VALUE})")
    int stations;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "each station's publishing interval (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "how long to publish (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--publishers", defaultValue = "4",
            description = "MQTT connections the stations are spread over (default ${DEFAULT-VALUE})")
    int publishers;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (connectors.*, kafka.*)")
    Path config;

    @Option(names = "--credentials", paramLabel = "FILE", description = "MQTT credentials (user=password lines) for "
            + "quantrac-connector and quantrac-gateway; default: $QUANTRAC_TEST_MQTT_CREDENTIALS when set, else the "
            + "file `./quantrac services up` wrote")
    Path credentials;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        Path credentialFile = credentials != null ? credentials
                : Optional.ofNullable(System.getenv("QUANTRAC_TEST_MQTT_CREDENTIALS")).map(Path::of)
                        .orElseGet(BenchConnectorsCommand::localServicesCredentials);
        if (credentialFile != null) {
            Properties p = load(credentialFile);
            putIfAbsent(env, "QUANTRAC_CONNECTORS_MQTT_PASSWORD", p.getProperty("quantrac-connector"));
            putIfAbsent(env, "QUANTRAC_BENCH_MQTT_PASSWORD", p.getProperty("quantrac-gateway"));
        }
        putIfAbsent(env, "QUANTRAC_KAFKA_BOOTSTRAP_SERVERS", System.getenv("QUANTRAC_TEST_KAFKA"));
        putIfAbsent(env, "QUANTRAC_CONNECTORS_MQTT_SERVER_URI", System.getenv("QUANTRAC_TEST_MQTT"));
        ConfigSource source = ConfigSource.load(Optional.ofNullable(config), env);
        ConnectorsConfig connectors = ConnectorsConfig.from(source);
        MqttConfig publisher = MqttConfig.from(source, "bench.mqtt", "quantrac-gateway");
        source.failOnUnknownKeys();
        if (publisher.password().isEmpty()) {
            throw new ConfigException("bench.mqtt.password is required (the quantrac-gateway account): pass "
                    + "--credentials FILE or set QUANTRAC_BENCH_MQTT_PASSWORD");
        }
        BenchResult result = ConnectorsBench.run(new BenchOptions(stations, interval, duration, publishers),
                connectors, publisher, StationCatalog.builtIn());
        if (!json) {
            System.out.printf("published %d, accepted %d, dlq %d; %.0f readings/s; latency p50 %.1f ms, p99 %.1f ms%n",
                    result.published(), result.accepted(), result.dlq(), result.readingsPerS(), result.latencyMsP50(),
                    result.latencyMsP99());
        }
        System.out.println(result.toJson());
        return result.accepted() >= result.published() && result.dlq() == 0 ? 0 : 1;
    }

    /**
     * The passwords that {@code ./quantrac services up} generated, so that the benchmark runs against the local services
     * without exporting their environment first (same location rule as scripts/services.sh); null when absent.
     */
    private static Path localServicesCredentials() {
        String cache = Optional.ofNullable(System.getenv("QUANTRAC_CACHE"))
                .orElse(System.getProperty("user.home") + "/.cache/quantrac");
        Path state = Path.of(Optional.ofNullable(System.getenv("QUANTRAC_STATE")).orElse(cache + "/state"));
        Path file = state.resolve("mosquitto").resolve("credentials.properties");
        return Files.isReadable(file) ? file : null;
    }

    private static void putIfAbsent(Map<String, String> env, String key, String value) {
        if (value != null && !value.isBlank() && !env.containsKey(key)) {
            env.put(key, value);
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read MQTT credentials " + file + ": " + e.getMessage());
        }
        return p;
    }
}
