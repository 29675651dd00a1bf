package org.quantrac.connectors.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Producer timing.
 *
 * @param linger          small: a station's PUBACK waits for Kafka
 * @param maxBlock        how long a send may wait for an unreachable broker before it fails (and is buffered)
 * @param deliveryTimeout how long Kafka may take to acknowledge a record before the send fails (and is buffered)
 */
public record ProducerTuning(Duration linger, Duration maxBlock, Duration deliveryTimeout) {

    public ProducerTuning {
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(maxBlock, "maxBlock");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    }

    public static ProducerTuning defaults() {
        return new ProducerTuning(Duration.ofMillis(5), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
}
