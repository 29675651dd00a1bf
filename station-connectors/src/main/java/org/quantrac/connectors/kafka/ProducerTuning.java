package org.quantrac.connectors.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Producer timing.
 *
 * @param linger          small: a station's PUBACK waits for Kafka
 * @param maxBlock        how long a send may wait for an unreachable broker before it fails (and is buffered)
 * @param deliveryTimeout how long Kafka may take to acknowledge a record before the send fails (and is buffered)
 * @param compression     the producer's {@code compression.type}: none, gzip, snappy, lz4 or zstd
 */
public record ProducerTuning(Duration linger, Duration maxBlock, Duration deliveryTimeout, String compression) {

    /** The compression when none is configured (see docs/connectors.md for what it costs and saves). */
    public static final String DEFAULT_COMPRESSION = "none";

    public ProducerTuning {
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(maxBlock, "maxBlock");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        Objects.requireNonNull(compression, "compression");
    }

    public ProducerTuning(Duration linger, Duration maxBlock, Duration deliveryTimeout) {
        this(linger, maxBlock, deliveryTimeout, DEFAULT_COMPRESSION);
    }

    public static ProducerTuning defaults() {
        return new ProducerTuning(Duration.ofMillis(5), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
}
