package org.quantrac.processor.sink;

/**
 * What one committed batch did.
 *
 * @param rowsInserted new rows now in the reading table
 * @param duplicates   rows not inserted because the identity was already stored or repeated within the batch
 * @param fallback     whether the batch took the staging + ON CONFLICT path after the direct COPY hit a stored row
 */
public record SinkResult(long rowsInserted, long duplicates, boolean fallback) {
}
