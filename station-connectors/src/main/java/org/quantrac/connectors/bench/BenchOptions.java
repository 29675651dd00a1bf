package org.quantrac.connectors.bench;

import java.time.Duration;

/**
 * A connectors benchmark run.
 *
 * @param stations   synthetic stations, each publishing one JSON observation per interval
 * @param interval   each station's publishing interval
 * @param duration   how long to publish
 * @param publishers MQTT connections the stations are spread over (a gateway's multiplexed connections)
 */
public record BenchOptions(int stations, Duration interval, Duration duration, int publishers) {

    public BenchOptions {
        if (stations < 1 || stations > 100_000) {
            throw new IllegalArgumentException("--stations must be 1..100000: " + stations);
        }
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("--interval must be at least 1ms: " + interval);
        }
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException("--duration must be positive: " + duration);
        }
        if (publishers < 1 || publishers > 64) {
            throw new IllegalArgumentException("publishers must be 1..64: " + publishers);
        }
    }
}
