package org.quantrac.connectors.opcua;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which nodes of which server carry a station's parameters.
 *
 * @param samplingInterval how often the server samples (and publishes) the nodes; default the station's interval
 * @param statusNode       a node with the station's Circular 10/2021 status (0/1/2 or "00"/"01"/"02"), if any
 * @param username         user name identity; anonymous when empty
 */
public record OpcUaStationMapping(String station, String endpoint, Duration samplingInterval,
                                  Optional<String> statusNode, List<NodeMapping> nodes, Security security,
                                  Optional<String> username, Optional<String> password) {

    /** The endpoint's security: None, or Basic256Sha256 with SignAndEncrypt. */
    public enum Security {
        NONE,
        BASIC256SHA256
    }

    /** An unsecured, anonymous station. */
    public OpcUaStationMapping(String station, String endpoint, Duration samplingInterval,
                               Optional<String> statusNode, List<NodeMapping> nodes) {
        this(station, endpoint, samplingInterval, statusNode, nodes, Security.NONE, Optional.empty(),
                Optional.empty());
    }

    /**
     * @param node      node id, {@code nsu=<namespace uri>;s=…} (stable across server restarts) or {@code ns=2;s=…}
     * @param unit      the unit the node's value is in; blank = the parameter's canonical unit
     */
    public record NodeMapping(String node, String parameter, String unit) {

        public NodeMapping {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(parameter, "parameter");
            unit = unit == null ? "" : unit;
        }
    }

    public OpcUaStationMapping {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(samplingInterval, "samplingInterval");
        Objects.requireNonNull(statusNode, "statusNode");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        nodes = List.copyOf(nodes);
    }
}
