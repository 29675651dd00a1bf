package org.quantrac.connectors.opcua;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The OPC UA connector.
 *
 * @param mappingFile which nodes of which server carry which station's parameters ({@link OpcUaMappingFile})
 * @param startWait   how long start waits for the servers before it completes with the missing ones retrying
 */
public record OpcUaSettings(boolean enabled, Path mappingFile, Duration startWait) {

    public OpcUaSettings {
        Objects.requireNonNull(mappingFile, "mappingFile");
        Objects.requireNonNull(startWait, "startWait");
    }
}
