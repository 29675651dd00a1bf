package org.quantrac.launcher;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.processor.bench.SinkBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./quantrac bench sink}: the database's physical ingest limit, and the processor's sink against it. */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = {"Raw binary COPY of N synthetic readings into a fresh hypertable of the reading table's shape",
                "(the physical limit on this machine), then the same rows through the processor's sink path.",
                "Prints {\"rows\":…,\"rows_per_s\":…,\"processor_rows_per_s\":…,\"ratio\":…}; throwaway schemas.",
                "--csv adds the same raw COPY in CSV (\"csv_rows_per_s\"): the format the stream-processor issue's",
                "target figure (~185k rows/s) was measured with."})
final class BenchSinkCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "2000000", description = "readings to write (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--batch-size", defaultValue = "10000",
            description = "rows per transaction on the processor path (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--raw-only", description = "skip the processor path")
    boolean rawOnly;

    @Option(names = "--csv", description = "also a raw COPY in CSV (server-side text parsing), for reference")
    boolean csv;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (db.*)")
    Path config;

    @Override
    public Integer call() {
        ConfigSource source = ConfigSource.load(Optional.ofNullable(config), System.getenv());
        DatabaseConfig database = DatabaseConfig.from(source);
        if (!json) {
            System.err.printf("bench sink: %,d rows into %s%n", rows, database.url());
        }
        SinkBenchmark.Result raw = SinkBenchmark.run(database, rows);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "{\"rows\":%d,\"rows_per_s\":%.0f,\"seconds\":%.3f", raw.rows(), raw.rowsPerS(), raw.seconds()));
        if (!rawOnly) {
            SinkBenchmark.Result sink = SinkBenchmark.runProcessorPath(database, rows, batchSize);
            line.append(String.format(Locale.ROOT, ",\"processor_rows_per_s\":%.0f,\"ratio\":%.3f",
                    sink.rowsPerS(), sink.rowsPerS() / raw.rowsPerS()));
        }
        if (csv) {
            line.append(String.format(Locale.ROOT, ",\"csv_rows_per_s\":%.0f",
                    SinkBenchmark.runCsv(database, rows).rowsPerS()));
        }
        System.out.println(line.append('}'));
        return 0;
    }
}
