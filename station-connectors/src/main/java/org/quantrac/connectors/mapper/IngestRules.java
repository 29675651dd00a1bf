package org.quantrac.connectors.mapper;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits every payload is checked against at the edge.
 *
 * @param maxPayloadBytes larger messages are rejected whole
 * @param tt10Zone        zone of the offset-less local times in Circular 10/2021 text
 * @param maxFuture       how far a measurement time may be ahead of our clock (datalogger clocks drift)
 * @param maxAge          how old a measurement may be; older ones could not be stored anyway (retention)
 */
public record IngestRules(int maxPayloadBytes, ZoneId tt10Zone, Duration maxFuture, Duration maxAge) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final ZoneId DEFAULT_TT10_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);

    public IngestRules {
        Objects.requireNonNull(tt10Zone, "tt10Zone");
        Objects.requireNonNull(maxFuture, "maxFuture");
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
        }
    }

    /** The documented defaults. */
    public static IngestRules defaults() {
        return new IngestRules(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_TT10_ZONE, DEFAULT_MAX_FUTURE, DEFAULT_MAX_AGE);
    }

    /** Why a measurement time cannot be accepted now, if it cannot. */
    Optional<Rejection> checkTime(Instant time, Instant now) {
        if (time.isAfter(now.plus(maxFuture))) {
            return Optional.of(new Rejection(RejectReason.TIME_IN_FUTURE, "measurement time " + time
                    + " is more than " + maxFuture.toMinutes() + " min ahead of the connector's clock (" + now
                    + "); fix the datalogger's clock (NTP)"));
        }
        if (time.isBefore(now.minus(maxAge))) {
            return Optional.of(new Rejection(RejectReason.TIME_TOO_OLD, "measurement time " + time
                    + " is older than the retention of " + maxAge.toDays() + " days"));
        }
        return Optional.empty();
    }
}
