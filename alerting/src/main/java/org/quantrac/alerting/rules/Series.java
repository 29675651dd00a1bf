package org.quantrac.alerting.rules;

import java.util.Arrays;

/**
 * The recent readings of one (station, parameter), in measurement-time order: what a late reading is re-judged
 * against. Primitive arrays (17 bytes a reading), because a station keeps its readings of the late-data horizon plus
 * its longest window. Appending in order is O(1) amortised; a late reading is inserted in place (O(n), rare).
 */
final class Series {

    private long[] times = new long[16];
    private double[] values = new double[16];
    private byte[] statuses = new byte[16];
    private int head;
    private int size;
    /** Whether older readings were dropped: nothing may then be inserted before the first kept one. */
    private boolean pruned;

    /**
     * Adds a reading in time order; false when the series already has one at that time (a redelivery) or the time
     * is older than what is kept.
     */
    boolean add(long timeMs, double value, byte status) {
        int i = indexOf(timeMs);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        if (at == 0 && size > 0 && pruned) {
            return false; // older than the kept history: cannot be placed among what it should have preceded
        }
        compactIfNeeded();
        if (head + size == times.length) {
            grow();
        }
        int abs = head + at;
        int tail = size - at;
        if (tail > 0) {
            System.arraycopy(times, abs, times, abs + 1, tail);
            System.arraycopy(values, abs, values, abs + 1, tail);
            System.arraycopy(statuses, abs, statuses, abs + 1, tail);
        }
        times[abs] = timeMs;
        values[abs] = value;
        statuses[abs] = status;
        size++;
        return true;
    }

    /** Replaces the value at an existing time; false when there is none or it is the same. */
    boolean replace(long timeMs, double value) {
        int i = indexOf(timeMs);
        if (i < 0 || Double.compare(values[head + i], value) == 0) {
            return false;
        }
        values[head + i] = value;
        return true;
    }

    /** Drops readings before {@code cutoffMs}, keeping at least {@code keep} readings. */
    void prune(long cutoffMs, int keep) {
        while (size > keep && times[head] < cutoffMs) {
            head++;
            size--;
            pruned = true;
        }
    }

    /** Index of the reading at this time, or {@code -(insertion point) - 1}. */
    int indexOf(long timeMs) {
        int i = Arrays.binarySearch(times, head, head + size, timeMs);
        return i >= 0 ? i - head : i + head;
    }

    /** Index of the first reading at or after this time. */
    int firstAtOrAfter(long timeMs) {
        int i = indexOf(timeMs);
        return i >= 0 ? i : -i - 1;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[head + i];
    }

    double value(int i) {
        return values[head + i];
    }

    byte status(int i) {
        return statuses[head + i];
    }

    private void compactIfNeeded() {
        if (head > 0 && head >= times.length / 2) {
            System.arraycopy(times, head, times, 0, size);
            System.arraycopy(values, head, values, 0, size);
            System.arraycopy(statuses, head, statuses, 0, size);
            head = 0;
        }
    }

    private void grow() {
        int n = Math.max(16, times.length * 2);
        times = Arrays.copyOf(times, n);
        values = Arrays.copyOf(values, n);
        statuses = Arrays.copyOf(statuses, n);
    }
}
