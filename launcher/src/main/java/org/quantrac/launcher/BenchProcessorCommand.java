package org.quantrac.launcher;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.config.KafkaConfig;
import org.quantrac.processor.bench.ProcessorBenchmark;
import org.quantrac.processor.config.ProcessorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quantrac bench processor}: how fast the processor works off a backlog (a database outage, a restart, a
 * connector that delivered faster than the database took), without MQTT and connectors in the way.
 */
@Command(name = "processor", mixinStandardHelpOptions = true,
        description = {"Fills a fresh topic with N observations of synthetic stations (10 parameters each), then a",
                "processor with its defaults drains it into a throwaway schema: the backlog catch-up rate.",
                "Prints {\"method\":\"processor_kafka_to_db\",\"readings\":…,\"readings_per_s\":…,\"consumers\":…}."})
final class BenchProcessorCommand implements Callable<Integer> {

    @Option(names = "--stations", defaultValue = "10000", description = "synthetic stations (default ${DEFAULT-VALUE})")
    int stations;

    @Option(names = "--observations", defaultValue = "300000",
            description = "observations in the backlog, 10 readings each (default ${DEFAULT-VALUE})")
    long observations;

    @Option(names = "--consumers", paramLabel = "N",
            description = "processor.consumers for the run (default: the processor's own default)")
    Integer consumers;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (kafka.*, db.*)")
    Path config;

    @Override
    public Integer call() {
        if (stations < 1 || observations < 1 || (consumers != null && consumers < 1)) {
            System.err.println("bench processor: --stations, --observations and --consumers must be positive");
            return 2;
        }
        ConfigSource source = ConfigSource.load(Optional.ofNullable(config), System.getenv());
        KafkaConfig kafka = KafkaConfig.from(source);
        DatabaseConfig database = DatabaseConfig.from(source);
        int loops = consumers != null ? consumers : ProcessorConfig.DEFAULT_CONSUMERS;
        if (!json) {
            System.err.printf("bench processor: %,d observations of %,d stations, %d consumer loop(s), %s → %s%n",
                    observations, stations, loops, kafka.bootstrapServers(), database.url());
        }
        ProcessorBenchmark.Result r = ProcessorBenchmark.run(kafka, database, stations, observations, loops);
        System.out.println(r.toJson());
        return 0;
    }
}
