package org.quantrac.simulator.cli;

import java.util.Map;
import org.quantrac.simulator.config.SimulatorConfig;
import picocli.CommandLine;

/** Lets tests in other packages parse a command line into the configuration it means. */
public final class SimulateCommandAccess {

    private SimulateCommandAccess() {
    }

    public static SimulateCommand command() {
        return new SimulateCommand();
    }

    public static SimulatorConfig parse(String[] args, Map<String, String> env) {
        SimulateCommand cmd = new SimulateCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.configuration(env);
    }
}
