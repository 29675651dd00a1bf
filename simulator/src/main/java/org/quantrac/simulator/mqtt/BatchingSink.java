package org.quantrac.simulator.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.engine.ObservationSink;
import org.quantrac.simulator.signal.Observation;

/**
 * Packs up to N consecutive observations of a station into one MQTT message, as a datalogger uploading several
 * measurement times at once (its backlog after an outage, or a periodic upload) does. Each observation's future
 * completes with its message's acknowledgement, so the ground truth still counts per observation.
 *
 * <p>A station's batch is sent when it is full, when anything else is sent for that station (a fault, a connectivity
 * change: order on the station's topic is kept), when more than {@code maxHeld} observations are held over all
 * stations (the simulation bounds the deliveries in flight, and held ones count: holding more than it allows would
 * wait forever), and on {@link #flush()}.
 */
public final class BatchingSink implements ObservationSink {

    private record Held(Observation observation, CompletableFuture<Void> done) {
    }

    private final MqttPublisher publisher;
    private final int size;
    private final int maxHeld;
    private final Map<Station, List<Held>> held = new HashMap<>();
    private int heldCount;

    /**
     * @param size    observations per message (at least 2; 1 needs no batching)
     * @param maxHeld observations held back over all stations before everything is sent
     */
    public BatchingSink(MqttPublisher publisher, int size, int maxHeld) {
        if (size < 2 || maxHeld < 1) {
            throw new IllegalArgumentException("size must be at least 2 and maxHeld at least 1: " + size + ", "
                    + maxHeld);
        }
        this.publisher = publisher;
        this.size = size;
        this.maxHeld = maxHeld;
    }

    @Override
    public CompletableFuture<Void> send(Observation observation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<List<Held>> ready = new ArrayList<>(1);
        synchronized (this) {
            List<Held> batch = held.computeIfAbsent(observation.station(), s -> new ArrayList<>(size));
            batch.add(new Held(observation, done));
            heldCount++;
            if (batch.size() >= size) {
                ready.add(take(observation.station()));
            } else if (heldCount >= maxHeld) {
                ready.addAll(takeAll());
            }
        }
        ready.forEach(this::publish);
        return done;
    }

    @Override
    public CompletableFuture<Void> sendMalformed(Observation observation) {
        flush(observation.station());
        return publisher.sendMalformed(observation);
    }

    @Override
    public CompletableFuture<Void> connectivity(Station station, boolean online) {
        flush(station);
        return publisher.connectivity(station, online);
    }

    @Override
    public CompletableFuture<Void> serverAvailability(boolean up) {
        return publisher.serverAvailability(up);
    }

    @Override
    public void flush() {
        List<List<Held>> ready;
        synchronized (this) {
            ready = takeAll();
        }
        ready.forEach(this::publish);
    }

    private void flush(Station station) {
        List<Held> batch;
        synchronized (this) {
            batch = take(station);
        }
        publish(batch);
    }

    /** Flushes what is held; the publisher is closed by its owner. */
    @Override
    public void close() {
        flush();
    }

    private List<Held> take(Station station) {
        List<Held> batch = held.remove(station);
        if (batch == null) {
            return List.of();
        }
        heldCount -= batch.size();
        return batch;
    }

    private List<List<Held>> takeAll() {
        List<List<Held>> all = new ArrayList<>(held.values());
        held.clear();
        heldCount = 0;
        return all;
    }

    private void publish(List<Held> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Observation> observations = new ArrayList<>(batch.size());
        batch.forEach(h -> observations.add(h.observation()));
        CompletableFuture<Void> sent;
        try {
            sent = publisher.send(observations);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, e) -> batch.forEach(h -> {
            if (e == null) {
                h.done().complete(null);
            } else {
                h.done().completeExceptionally(e);
            }
        }));
    }
}
