package org.quantrac.processor.app;

import org.quantrac.processor.cli.ProcessorCommand;
import picocli.CommandLine;

/** Runs {@code ./quantrac processor} in a child JVM for the crash test (configured by QUANTRAC_* variables). */
public final class ProcessorMain {

    private ProcessorMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProcessorCommand()).execute(args));
    }
}
