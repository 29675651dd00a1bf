package org.quantrac.launcher;

import org.quantrac.alerting.cli.AlertingCommand;
import org.quantrac.connectors.cli.ConnectorsCommand;
import org.quantrac.connectors.cli.OpcUaCommand;
import org.quantrac.portal.cli.PortalCommand;
import org.quantrac.processor.cli.ProcessorCommand;
import org.quantrac.simulator.cli.SimulateCommand;
import org.quantrac.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./quantrac} command: one entry point for every role, the demo and the benchmarks. Each subcommand is
 * owned by its module ({@code connectors} by station-connectors, …); this class only assembles them.
 */
@Command(name = "quantrac", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Quantrac: automatic environmental monitoring stations → Kafka → TimescaleDB.",
        subcommands = {
                ScriptCommands.Services.class,
                ScriptCommands.Test.class,
                DemoCommand.class,
                MigrateCommand.class,
                SimulateCommand.class,
                ConnectorsCommand.class,
                OpcUaCommand.class,
                ProcessorCommand.class,
                AlertingCommand.class,
                PortalCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests to check every subcommand's help. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // A configuration mistake is the operator's to fix: say what is wrong in one line, not with a stack trace.
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof ConfigException) {
                command.getErr().println("quantrac " + command.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"quantrac " + (v == null ? "development build" : v)};
        }
    }
}
