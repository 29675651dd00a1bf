package org.quantrac.simulator.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.quantrac.core.station.Station;

/**
 * When each station measures: at multiples of its interval since the epoch (t = k × interval, as dataloggers align
 * their averaging periods), merged over all stations in time order, within [from, to) or without end.
 *
 * <p>With a block of N measurement times, the order is by block (N × the station's interval since the epoch), then
 * station, then time: each station's N consecutive observations follow each other, so that a sink packing N per
 * message (a datalogger uploading its backlog) fills them without holding every station's partial batch.
 */
public final class ObservationSchedule implements Iterator<ObservationSchedule.Due> {

    /** A station's measurement time. */
    public record Due(Station station, Instant time) {
    }

    private final PriorityQueue<Due> queue;
    private final Instant to;

    /** @param to end (exclusive), or null for an endless schedule */
    public ObservationSchedule(Collection<Station> stations, Instant from, Instant to) {
        this(stations, from, to, 1);
    }

    /**
     * @param to    end (exclusive), or null for an endless schedule
     * @param block measurement times per station kept together (1 = plain time order)
     */
    public ObservationSchedule(Collection<Station> stations, Instant from, Instant to, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block must be at least 1: " + block);
        }
        Comparator<Due> byTime = Comparator.comparing(Due::time);
        this.queue = new PriorityQueue<>(block == 1 ? byTime.thenComparingInt(d -> d.station().id())
                : Comparator.<Due>comparingLong(d -> Math.floorDiv(d.time().toEpochMilli(),
                        block * d.station().interval().toMillis()))
                .thenComparingInt(d -> d.station().id()).thenComparing(byTime));
        this.to = to;
        for (Station s : stations) {
            Instant first = alignUp(from, s.interval());
            if (to == null || first.isBefore(to)) {
                queue.add(new Due(s, first));
            }
        }
    }

    /** The first multiple of {@code interval} since the epoch at or after {@code t}. */
    public static Instant alignUp(Instant t, Duration interval) {
        long step = interval.toMillis();
        long ms = t.toEpochMilli();
        long aligned = Math.floorDiv(ms + step - 1, step) * step;
        return Instant.ofEpochMilli(aligned);
    }

    /** How many measurement times a station has in [from, to). */
    public static long count(Station s, Instant from, Instant to) {
        long step = s.interval().toMillis();
        long first = alignUp(from, s.interval()).toEpochMilli();
        long end = to.toEpochMilli();
        return first >= end ? 0 : (end - first + step - 1) / step;
    }

    @Override
    public boolean hasNext() {
        return !queue.isEmpty();
    }

    /** The time of the next due measurement, without taking it. */
    public Instant peekTime() {
        Due d = queue.peek();
        if (d == null) {
            throw new NoSuchElementException("schedule exhausted");
        }
        return d.time();
    }

    @Override
    public Due next() {
        Due d = queue.poll();
        if (d == null) {
            throw new NoSuchElementException("schedule exhausted");
        }
        Instant following = d.time().plus(d.station().interval());
        if (to == null || following.isBefore(to)) {
            queue.add(new Due(d.station(), following));
        }
        return d;
    }
}
