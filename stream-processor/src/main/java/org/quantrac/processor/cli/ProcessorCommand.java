package org.quantrac.processor.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.quantrac.core.config.RoleSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.ops.RoleRun;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;
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
                        + "processor.latestFlush, "
                        + "processor.rollup.enabled, processor.rollup.interval, processor.rollup.minCompleteness, "
                        + "processor.rollup.timeZone, kafka.*, db.* (or QUANTRAC_* environment variables)."})
public final class ProcessorCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    private Path config;

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "station catalog YAML (default: catalog.file, else the built-in synthetic catalog)")
    Path catalog;

    @Override
    public Integer call() throws InterruptedException {
        RoleSetup<ProcessorConfig> setup = RoleSetup.read("Stream processor", config, catalog, ProcessorConfig::from);
        ProcessorApp app = ProcessorApp.start(setup.config(), setup.catalog(), OpsServer.newRegistry());
        return RoleRun.untilStopped("processor", app, app::awaitTermination);
    }
}
