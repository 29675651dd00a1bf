package org.quantrac.connectors.config;

import java.util.List;
import java.util.Objects;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.record.Topics;

/** The Kafka topics a connector writes to; tests give each run its own. */
public record ConnectorTopics(String readings, String dlq, String stationEvents) {

    public ConnectorTopics {
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(dlq, "dlq");
        Objects.requireNonNull(stationEvents, "stationEvents");
    }

    public static ConnectorTopics defaults() {
        return new ConnectorTopics(Topics.READINGS, Topics.READINGS_DLQ, Topics.STATION_EVENTS);
    }

    public static ConnectorTopics from(ConfigSource c) {
        return new ConnectorTopics(c.string("connectors.topics.readings", Topics.READINGS),
                c.string("connectors.topics.dlq", Topics.READINGS_DLQ),
                c.string("connectors.topics.stationEvents", Topics.STATION_EVENTS));
    }

    public List<String> all() {
        return List.of(readings, dlq, stationEvents);
    }
}
