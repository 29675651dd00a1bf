package org.quantrac.connectors.mqtt;

import java.util.Optional;

/**
 * A topic of the station protocol: {@code stations/{code}/data|tt10|state}.
 *
 * @param code the station code, which the broker's ACL ties to the publishing user
 */
public record StationTopic(String code, Kind kind) {

    /** What a station publishes on the topic. */
    public enum Kind {
        DATA("data"),
        TT10("tt10"),
        STATE("state");

        private final String segment;

        Kind(String segment) {
            this.segment = segment;
        }

        public String segment() {
            return segment;
        }
    }

    public static final String ROOT = "stations";

    /** The topic, if it is one of the protocol's; anything else is not ours to read. */
    public static Optional<StationTopic> parse(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != 3 || !parts[0].equals(ROOT) || parts[1].isEmpty()) {
            return Optional.empty();
        }
        for (Kind k : Kind.values()) {
            if (k.segment.equals(parts[2])) {
                return Optional.of(new StationTopic(parts[1], k));
            }
        }
        return Optional.empty();
    }

    /**
     * Share group meaning "subscribe without sharing" (one connector replica). Mosquitto 2.0.11 does not restore shared
     * subscriptions from its persistence after a restart, so messages published between the restart and the
     * connector's reconnect are lost with a shared subscription; a plain one is restored and queued for the session.
     */
    public static final String NO_SHARING = "none";

    /** The shared subscription filter for one kind, e.g. {@code $share/quantrac-connectors/stations/+/data}. */
    public static String sharedFilter(String group, Kind kind) {
        if (NO_SHARING.equals(group)) {
            return ROOT + "/+/" + kind.segment;
        }
        return "$share/" + group + "/" + ROOT + "/+/" + kind.segment;
    }

    /** Every topic of one station: {@code stations/<code>/+}. */
    public static String stationFilter(String code) {
        return ROOT + "/" + code + "/+";
    }

    /** Whether a station code can stand in a topic filter (no wildcard or level separator). */
    public static boolean usableInFilter(String code) {
        return !code.isEmpty() && code.chars().noneMatch(ch -> ch == '/' || ch == '+' || ch == '#');
    }

    public String topic() {
        return ROOT + "/" + code + "/" + kind.segment;
    }
}
