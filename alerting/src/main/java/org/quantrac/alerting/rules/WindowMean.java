package org.quantrac.alerting.rules;

import java.time.Duration;

/**
 * The rolling mean of the valid readings in (t − window, t], kept incrementally: a ring of (time, value) with a
 * running sum, so each reading costs O(1) amortised however long the window.
 */
final class WindowMean {

    private final long windowMs;
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;
    private double sum;

    WindowMean(Duration window) {
        this.windowMs = window.toMillis();
    }

    /** Adds a reading (times must not go backwards) and drops those that left the window. */
    void add(long timeMs, double value) {
        evict(timeMs);
        if (size == times.length) {
            grow();
        }
        int i = (head + size) % times.length;
        times[i] = timeMs;
        values[i] = value;
        size++;
        sum += value;
    }

    /** Drops readings at or before {@code timeMs − window}. */
    void evict(long nowMs) {
        long cutoff = nowMs - windowMs;
        while (size > 0 && times[head] <= cutoff) {
            sum -= values[head];
            head = (head + 1) % times.length;
            size--;
        }
        if (size == 0) {
            sum = 0; // no float drift carried into the next episode
        }
    }

    int count() {
        return size;
    }

    double mean() {
        return size == 0 ? Double.NaN : sum / size;
    }

    private void grow() {
        long[] t = new long[times.length * 2];
        double[] v = new double[values.length * 2];
        for (int k = 0; k < size; k++) {
            t[k] = times[(head + k) % times.length];
            v[k] = values[(head + k) % values.length];
        }
        times = t;
        values = v;
        head = 0;
    }
}
