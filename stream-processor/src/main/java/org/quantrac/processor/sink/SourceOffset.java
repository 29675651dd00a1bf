package org.quantrac.processor.sink;

/**
 * A position in a source partition, e.g. the next offset to read after a stored batch.
 *
 * @param offset a Kafka offset
 */
public record SourceOffset(String topic, int partition, long offset) {
}
