package org.quantrac.simulator.config;

import java.nio.file.Path;
import java.util.Optional;
import org.quantrac.core.config.ConfigSource;

/**
 * The simulated stations' OPC UA server.
 *
 * @param bindAddress  where it listens
 * @param port         its TCP port; the endpoint is {@code opc.tcp://host:port/quantrac}
 * @param historyDepth values kept per variable for HistoryRead (a datalogger keeps ≥ 60 days; memory decides here)
 * @param mappingFile  where to write the connector's OPC UA mapping file for the served stations, if anywhere
 */
public record OpcUaSettings(String bindAddress, int port, int historyDepth, Optional<Path> mappingFile) {

    public static OpcUaSettings from(ConfigSource c) {
        return new OpcUaSettings(c.string("simulator.opcua.bindAddress", "127.0.0.1"),
                c.integer("simulator.opcua.port", 14840, 1, 65_535),
                c.integer("simulator.opcua.historyDepth", 20_000, 1, 10_000_000),
                c.optional("simulator.opcua.mappingFile").map(Path::of));
    }
}
