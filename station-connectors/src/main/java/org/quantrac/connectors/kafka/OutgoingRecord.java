package org.quantrac.connectors.kafka;

import java.util.Objects;

/**
 * One record to produce.
 *
 * @param key the station code (UTF-8), so that a station's records stay in order on one partition
 */
public record OutgoingRecord(String topic, String key, byte[] value) {

    public OutgoingRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
    }
}
