package org.quantrac.processor.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./quantrac processor}: runs the stream processor until the JVM is asked to stop. */
@Command(name = "processor", mixinStandardHelpOptions = true,
        description = {"Consumes station observations from Kafka, applies quality control and stores readings in "
                + "TimescaleDB (exactly once in effect).",
                "Configuration keys (see docs/processor.md): processor.topic, processor.groupId, processor.consumers, "
                        + "processor.batchSize, processor.linger, processor.schema, processor.migrate, "
                        + "processor.ops.host, processor.ops.port, processor.retry.giveUpAfter, "
                        + "processor.startTimeout, processor.kafka.sessionTimeout, processor.qc.series, "
                        + "processor.rollup.enabled, processor.rollup.interval, processor.rollup.minCompleteness, "
                        + "processor.rollup.timeZone, kafka.*, db.* (or QUANTRAC_* environment variables)."})
public final class ProcessorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    private Path config;

    @Override
    public Integer call() throws Exception {
        ProcessorConfig processorConfig = ConfigSource.forRole("Stream processor", config, ProcessorConfig::from);
        ProcessorApp app = ProcessorApp.start(processorConfig, StationCatalog.builtIn(), OpsServer.newRegistry());
        Thread hook = new Thread(app::close, "processor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app.awaitTermination();
            return 0;
        } catch (IllegalStateException e) {
            LOG.error("{}", e.getMessage());
            app.close();
            return 1;
        }
    }
}
