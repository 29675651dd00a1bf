package org.quantrac.connectors.cli;

import java.util.concurrent.Callable;
import org.quantrac.connectors.opcua.OpcUaBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quantrac opcua …}: tools for OPC UA stations. */
@Command(name = "opcua", mixinStandardHelpOptions = true, description = "Tools for OPC UA stations.",
        subcommands = OpcUaCommand.Browse.class)
public final class OpcUaCommand {

    /** {@code quantrac opcua browse <endpoint>}. */
    @Command(name = "browse", mixinStandardHelpOptions = true,
            description = {"Prints the server's node tree below Objects: variables with their node id (in the",
                "nsu= form the connectors' mapping file uses) and data type. Security None, anonymous."})
    public static final class Browse implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ENDPOINT", description = "e.g. opc.tcp://10.1.2.3:4840/cems")
        String endpoint;

        @Option(names = "--depth", defaultValue = "6", description = "levels to descend (default ${DEFAULT-VALUE})")
        int depth;

        @Override
        public Integer call() throws Exception {
            OpcUaBrowser.browse(endpoint, depth).forEach(System.out::println);
            return 0;
        }
    }
}
