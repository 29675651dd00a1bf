package org.quantrac.processor.latest;

import java.util.Arrays;
import org.quantrac.processor.sink.ReadingBatch;

/**
 * The newest stored reading per series (station, parameter) since the last flush, coalesced in memory: however many
 * readings a series stores between two flushes, one row per series waits, so a flush costs at most the number of
 * series, not the number of readings.
 *
 * <p>Newest wins; at an equal time the one recorded first stays (within one database a series has one row per time,
 * so an equal time is the same stored reading). Kept in primitive columns with an open-addressing index, no object per
 * reading: {@link #record} runs for every stored row at up to 100k rows/s.
 *
 * <p>Thread-safe: the consumer loops record, the flusher drains; each call takes the lock once.
 */
public final class LatestValues {

    /** One drained set of rows, in no particular order; each series at most once. */
    public record Pending(int[] stationIds, short[] parameterIds, long[] epochMicros, double[] values,
                          short[] statuses, int[] qcFlags) {

        public int size() {
            return stationIds.length;
        }

        public boolean isEmpty() {
            return stationIds.length == 0;
        }
    }

    private int[] stationIds;
    private short[] parameterIds;
    private long[] epochMicros;
    private double[] values;
    private short[] statuses;
    private int[] qcFlags;
    private int size;
    /** Entry index + 1 by hash slot; 0 = empty. At most half full. */
    private int[] slots;

    public LatestValues() {
        allocate(256);
    }

    private void allocate(int capacity) {
        stationIds = new int[capacity];
        parameterIds = new short[capacity];
        epochMicros = new long[capacity];
        values = new double[capacity];
        statuses = new short[capacity];
        qcFlags = new int[capacity];
        slots = new int[capacity * 2];
        size = 0;
    }

    /** Records every row of a batch that the database has stored (call after its transaction committed). */
    public synchronized void record(ReadingBatch stored) {
        for (int i = 0; i < stored.size(); i++) {
            put(stored.stationId(i), stored.parameterId(i), stored.epochMicros(i), stored.value(i), stored.status(i),
                    stored.qcFlags(i));
        }
    }

    private void put(int stationId, short parameterId, long micros, double value, short status, int flags) {
        int mask = slots.length - 1;
        int slot = hash(stationId, parameterId) & mask;
        while (slots[slot] != 0) {
            int e = slots[slot] - 1;
            if (stationIds[e] == stationId && parameterIds[e] == parameterId) {
                if (micros > epochMicros[e]) {
                    epochMicros[e] = micros;
                    values[e] = value;
                    statuses[e] = status;
                    qcFlags[e] = flags;
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (size == stationIds.length) {
            grow();
            put(stationId, parameterId, micros, value, status, flags);
            return;
        }
        stationIds[size] = stationId;
        parameterIds[size] = parameterId;
        epochMicros[size] = micros;
        values[size] = value;
        statuses[size] = status;
        qcFlags[size] = flags;
        slots[slot] = ++size;
    }

    private void grow() {
        int capacity = stationIds.length * 2;
        stationIds = Arrays.copyOf(stationIds, capacity);
        parameterIds = Arrays.copyOf(parameterIds, capacity);
        epochMicros = Arrays.copyOf(epochMicros, capacity);
        values = Arrays.copyOf(values, capacity);
        statuses = Arrays.copyOf(statuses, capacity);
        qcFlags = Arrays.copyOf(qcFlags, capacity);
        slots = new int[capacity * 2];
        int mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int slot = hash(stationIds[e], parameterIds[e]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = e + 1;
        }
    }

    private static int hash(int stationId, short parameterId) {
        long h = stationId * 0x9E3779B97F4A7C15L + parameterId * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ (h >>> 29));
    }

    /** Takes everything recorded since the last drain; afterwards this is empty (its capacity is kept). */
    public synchronized Pending drain() {
        Pending p = new Pending(Arrays.copyOf(stationIds, size), Arrays.copyOf(parameterIds, size),
                Arrays.copyOf(epochMicros, size), Arrays.copyOf(values, size), Arrays.copyOf(statuses, size),
                Arrays.copyOf(qcFlags, size));
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
        }
        return p;
    }

    /**
     * Puts back rows whose flush failed, so the next flush writes them. A row recorded meanwhile for the same series
     * stays when it is newer; at an equal time it is the same stored reading either way.
     */
    public synchronized void restore(Pending failed) {
        for (int i = 0; i < failed.size(); i++) {
            put(failed.stationIds()[i], failed.parameterIds()[i], failed.epochMicros()[i], failed.values()[i],
                    failed.statuses()[i], failed.qcFlags()[i]);
        }
    }

    /** Series waiting to be flushed. */
    public synchronized int size() {
        return size;
    }
}
