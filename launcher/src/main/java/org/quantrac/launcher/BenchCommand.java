package org.quantrac.launcher;

import org.quantrac.connectors.cli.BenchConnectorsCommand;
import org.quantrac.launcher.portalbench.BenchPortalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./quantrac bench …}: measurements on the real services. Each prints one JSON line (with {@code --json}, only
 * that line) whose field names are a contract: scripts compare runs by them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks on the real services; each prints one JSON line.",
                "Start the services first: ./quantrac services up"},
        subcommands = {
                BenchConnectorsCommand.class,
                BenchSinkCommand.class,
                BenchProcessorCommand.class,
                BenchPipelineCommand.class,
                BenchPortalCommand.class
        })
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
