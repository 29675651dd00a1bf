package org.quantrac.processor.sink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one sink transaction plus the source offsets they came from. Kept in primitive columns, not one object
 * per reading: at 100k+ rows/s the allocation and pointer chasing of row objects costs more than the encoding.
 *
 * <p>Not thread-safe: owned by one consumer loop.
 */
public final class ReadingBatch {

    private long[] epochMicros;
    private int[] stationIds;
    private short[] parameterIds;
    private double[] values;
    private short[] statuses;
    private int[] qcFlags;
    private int size;
    private int removedByDedupe;
    private final Map<SourcePartition, long[]> offsets = new LinkedHashMap<>();
    private long firstAddedNanos;

    public ReadingBatch(int initialCapacity) {
        int cap = Math.max(16, initialCapacity);
        epochMicros = new long[cap];
        stationIds = new int[cap];
        parameterIds = new short[cap];
        values = new double[cap];
        statuses = new short[cap];
        qcFlags = new int[cap];
    }

    /** Adds a row. */
    public void add(long timeEpochMicros, int stationId, int parameterId, double value, int status, int flags) {
        if (size == epochMicros.length) {
            grow();
        }
        markStarted();
        epochMicros[size] = timeEpochMicros;
        stationIds[size] = stationId;
        parameterIds[size] = (short) parameterId;
        values[size] = value;
        statuses[size] = (short) status;
        qcFlags[size] = flags;
        size++;
    }

    /**
     * Records that the record at {@code offset} of a partition is part of this batch (whether or not it produced
     * rows): the batch's commit then stores {@code offset + 1} as that partition's next offset.
     */
    public void consumed(String topic, int partition, long offset) {
        markStarted();
        long[] range = offsets.computeIfAbsent(new SourcePartition(topic, partition), p -> new long[] {offset, offset});
        range[1] = Math.max(range[1], offset);
    }

    private void markStarted() {
        if (size == 0 && offsets.isEmpty()) {
            firstAddedNanos = System.nanoTime();
        }
    }

    private void grow() {
        int cap = epochMicros.length * 2;
        epochMicros = Arrays.copyOf(epochMicros, cap);
        stationIds = Arrays.copyOf(stationIds, cap);
        parameterIds = Arrays.copyOf(parameterIds, cap);
        values = Arrays.copyOf(values, cap);
        statuses = Arrays.copyOf(statuses, cap);
        qcFlags = Arrays.copyOf(qcFlags, cap);
    }

    /**
     * Removes rows whose identity (station, parameter, time) already occurred earlier in the batch, keeping the first
     * like {@code ON CONFLICT DO NOTHING} keeps the stored row. Order is preserved.
     *
     * @return rows removed
     */
    public int dedupe() {
        if (size < 2) {
            return 0;
        }
        int slots = Integer.highestOneBit(size * 2 - 1) << 1;
        int mask = slots - 1;
        int[] table = new int[slots]; // kept row index + 1, 0 = empty
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int slot = hash(epochMicros[i], stationIds[i], parameterIds[i]) & mask;
            boolean duplicate = false;
            while (table[slot] != 0) {
                int j = table[slot] - 1;
                if (epochMicros[j] == epochMicros[i] && stationIds[j] == stationIds[i]
                        && parameterIds[j] == parameterIds[i]) {
                    duplicate = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (duplicate) {
                continue;
            }
            if (kept != i) {
                epochMicros[kept] = epochMicros[i];
                stationIds[kept] = stationIds[i];
                parameterIds[kept] = parameterIds[i];
                values[kept] = values[i];
                statuses[kept] = statuses[i];
                qcFlags[kept] = qcFlags[i];
            }
            table[slot] = kept + 1;
            kept++;
        }
        int removed = size - kept;
        size = kept;
        removedByDedupe += removed;
        return removed;
    }

    private static int hash(long micros, int station, short parameter) {
        long h = micros * 0x9E3779B97F4A7C15L + station * 0xC2B2AE3D27D4EB4FL + parameter;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ (h >>> 29));
    }

    /** Rows in the batch. */
    public int size() {
        return size;
    }

    /** Whether anything (rows or consumed offsets) waits to be committed. */
    public boolean isEmpty() {
        return size == 0 && offsets.isEmpty();
    }

    /** When the first row or offset of this batch was added ({@link System#nanoTime()}). */
    public long startedNanos() {
        return firstAddedNanos;
    }

    /** Offsets to store with the rows: per partition, the offset after the last consumed record. */
    public List<SourceOffset> nextOffsets() {
        List<SourceOffset> list = new ArrayList<>(offsets.size());
        offsets.forEach((p, range) -> list.add(new SourceOffset(p.topic(), p.partition(), range[1] + 1)));
        return list;
    }

    /** Per partition, the first consumed offset: where to resume if the batch is dropped without being stored. */
    public List<SourceOffset> firstOffsets() {
        List<SourceOffset> list = new ArrayList<>(offsets.size());
        offsets.forEach((p, range) -> list.add(new SourceOffset(p.topic(), p.partition(), range[0])));
        return list;
    }

    /** Rows removed by {@link #dedupe()} since the batch was cleared (a retried batch counts them once). */
    public int removedByDedupe() {
        return removedByDedupe;
    }

    public void clear() {
        size = 0;
        removedByDedupe = 0;
        offsets.clear();
    }

    public long epochMicros(int i) {
        return epochMicros[i];
    }

    public int stationId(int i) {
        return stationIds[i];
    }

    public short parameterId(int i) {
        return parameterIds[i];
    }

    public double value(int i) {
        return values[i];
    }

    public short status(int i) {
        return statuses[i];
    }

    public int qcFlags(int i) {
        return qcFlags[i];
    }

    /** Adds QC flag bits to row {@code i} (checks that need the database run just before the rows are written). */
    public void addFlags(int i, int bits) {
        qcFlags[i] |= bits;
    }

    private record SourcePartition(String topic, int partition) {
    }
}
