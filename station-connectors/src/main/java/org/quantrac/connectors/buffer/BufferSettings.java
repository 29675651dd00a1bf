package org.quantrac.connectors.buffer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The store-and-forward buffer.
 *
 * @param enabled  without it, records Kafka refuses are retried in memory and the MQTT message stays unacknowledged
 * @param dir      this replica's own directory (default under the user's home, per client id)
 * @param maxBytes capacity; beyond it acknowledgements are held back (backpressure)
 */
public record BufferSettings(boolean enabled, Path dir, long maxBytes) {

    /** Segment files are this big; delivered ones are deleted. */
    public static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    public BufferSettings {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("buffer capacity must be at least 1 MiB: " + maxBytes);
        }
    }
}
