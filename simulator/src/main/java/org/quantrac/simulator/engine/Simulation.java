package org.quantrac.simulator.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.clock.SimulationClock;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.truth.GroundTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the stations through simulated time: at each station's measurement times it asks the signal model for the
 * observation, lets the station behaviour (calibration, faults, outages) shape what is sent, hands it to the station's
 * sink and records the outcome in the ground truth. A bounded number of deliveries is in flight at once, so a slow
 * receiver slows the simulation down instead of filling memory.
 */
public final class Simulation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    /** Observations a prepared backfill may hold (~1.5 KB each with ten parameters and an encoded payload). */
    public static final long MAX_PREPARED = 3_000_000;
    private static final long POLL_MICROS = 200;
    private static final int GATE_EVERY = 500;

    private final SignalModel model;
    private final List<Station> stations;
    private final Function<Station, ObservationSink> sinks;
    private final StationBehaviour behaviour;
    private final GroundTruth truth;
    private final int maxInFlight;
    private final int backfillBlock;
    private final Semaphore inFlight;
    /** Every sink delivered to, to flush at the end (few: one per transport). */
    private final Set<ObservationSink> used = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread runner;

    public Simulation(SignalModel model, List<Station> stations, Function<Station, ObservationSink> sinks,
                      StationBehaviour behaviour, GroundTruth truth, int maxInFlight) {
        this(model, stations, sinks, behaviour, truth, maxInFlight, 1);
    }

    /**
     * @param backfillBlock measurement times per station a backfill produces one after the other (see
     *                      {@link ObservationSchedule}); 1 = in time order over all stations
     */
    public Simulation(SignalModel model, List<Station> stations, Function<Station, ObservationSink> sinks,
                      StationBehaviour behaviour, GroundTruth truth, int maxInFlight, int backfillBlock) {
        this.backfillBlock = backfillBlock;
        this.model = model;
        this.stations = List.copyOf(stations);
        this.sinks = sinks;
        this.behaviour = behaviour;
        this.truth = truth;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    public GroundTruth truth() {
        return truth;
    }

    /** Produces every observation of [from, to) as fast as the sinks accept them, and waits until all are settled. */
    public void backfill(Instant from, Instant to) throws InterruptedException {
        backfill(from, to, false);
    }

    /**
     * Produces every observation of [from, to) as fast as the sinks accept them, and waits until all are settled.
     *
     * @param prepared compute every observation first and deliver them afterwards: a load generator then does not
     *                 compete for the CPU with the system it measures while it delivers (the period must fit in
     *                 memory: at most {@value #MAX_PREPARED} observations)
     */
    public void backfill(Instant from, Instant to, boolean prepared) throws InterruptedException {
        backfill(from, to, prepared, DeliveryGate.NONE);
    }

    /**
     * The same; a prepared backfill asks {@code gate} before every {@value #GATE_EVERY}th delivery whether it may go
     * on (a benchmark bounding how far its load runs ahead of what was stored). A streaming one does not ask: it
     * computes as it delivers.
     */
    public void backfill(Instant from, Instant to, boolean prepared, DeliveryGate gate) throws InterruptedException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("backfill period is empty: from " + from + " is not before to " + to);
        }
        ObservationSchedule schedule = new ObservationSchedule(stations, from, to, backfillBlock);
        if (prepared) {
            long total = stations.stream().mapToLong(s -> ObservationSchedule.count(s, from, to)).sum();
            if (total > MAX_PREPARED) {
                throw new IllegalArgumentException("a prepared backfill holds every observation in memory: " + total
                        + " observations in " + from + " – " + to + " is more than " + MAX_PREPARED
                        + "; shorten the period or use fewer stations");
            }
            long t0 = System.nanoTime();
            List<Outgoing> all = new ArrayList<>((int) total);
            while (schedule.hasNext() && stop.getCount() > 0) {
                ObservationSchedule.Due due = schedule.next();
                prepare(behaviour.shape(model.observe(due.station(), due.time())), all);
            }
            prepare(behaviour.drain(), all);
            LOG.info("Prepared {} deliveries of {} stations in {} ms", all.size(), stations.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            for (int i = 0; i < all.size() && stop.getCount() > 0; i++) {
                if (i % GATE_EVERY == 0) {
                    gate.await(i);
                }
                deliver(List.of(all.set(i, null))); // dropped once handed over: memory falls as delivery goes
            }
        } else {
            while (schedule.hasNext() && stop.getCount() > 0) {
                emit(schedule.next());
            }
            drain();
        }
        flushSinks();
        awaitSettled(Duration.ofDays(1));
    }

    /**
     * Runs in the background following the clock, from {@code from} (aligned up per station) until {@code to}
     * (exclusive, null = until closed).
     */
    public void start(SimulationClock clock, Instant from, Instant to) {
        if (runner != null) {
            throw new IllegalStateException("simulation already started");
        }
        Thread t = new Thread(() -> live(clock, from, to), "simulator-clock");
        t.setDaemon(true);
        runner = t;
        t.start();
    }

    private void live(SimulationClock clock, Instant from, Instant to) {
        try {
            ObservationSchedule schedule = new ObservationSchedule(stations, from, to);
            while (schedule.hasNext()) {
                Duration wait = clock.wallDelayUntil(schedule.peekTime());
                if (!wait.isZero() && stop.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (stop.getCount() == 0) {
                    return;
                }
                Instant now = schedule.peekTime();
                while (schedule.hasNext() && !schedule.peekTime().isAfter(now)) {
                    emit(schedule.next());
                }
            }
            drain();
            flushSinks();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("simulation stopped by an unexpected error", e);
        } finally {
            finished.countDown();
        }
    }

    /** Waits until a live run with an end has produced everything (or was closed). */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && awaitSettled(timeout);
    }

    private void emit(ObservationSchedule.Due due) throws InterruptedException {
        deliver(behaviour.shape(model.observe(due.station(), due.time())));
    }

    private void drain() throws InterruptedException {
        deliver(behaviour.drain());
    }

    /** Payloads are encoded here too: a station encodes its message on its own hardware, not on the measured one. */
    private void prepare(List<Outgoing> outgoing, List<Outgoing> into) {
        for (Outgoing out : outgoing) {
            into.add(out.preparedFor(sinks.apply(out.observation().station())));
        }
    }

    private void flushSinks() {
        used.forEach(ObservationSink::flush);
    }

    private void deliver(List<Outgoing> outgoing) throws InterruptedException {
        for (Outgoing out : outgoing) {
            acquireDeliverySlot();
            CompletableFuture<Void> f;
            try {
                ObservationSink sink = sinks.apply(out.observation().station());
                if (!used.contains(sink)) { // a lookup, where add would lock the entry at every delivery
                    used.add(sink);
                }
                f = out.send(sink);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((ok, e) -> {
                try {
                    if (out.accounting() == Outgoing.Accounting.COUNTED) {
                        if (e == null) {
                            truth.sent(out.observation());
                        } else {
                            truth.failed(out.observation(), reason(e));
                        }
                    } else if (e != null) {
                        LOG.warn("[station: {}] {} delivery failed: {}", out.observation().station().code(),
                                out.accounting().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    /**
     * Takes one of the {@code maxInFlight} delivery slots, polling when there is none instead of queueing on the
     * semaphore: a queued waiter is woken by every completion, and at full load that is one futex call per delivery
     * on the sink's callback thread (an eighth of a load generator's event loop in a profile). Polling every
     * {@value #POLL_MICROS} µs lets completions free slots in batches; the sinks keep their own windows full
     * meanwhile.
     */
    private void acquireDeliverySlot() throws InterruptedException {
        while (!inFlight.tryAcquire()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a delivery slot");
            }
            LockSupport.parkNanos(POLL_MICROS * 1_000L);
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof DeliveryException ? ((DeliveryException) t).reason() : t.getClass().getSimpleName();
    }

    /** Waits until no delivery is in flight. */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        if (inFlight.tryAcquire(maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            inFlight.release(maxInFlight);
            return true;
        }
        return false;
    }

    /** Stops producing; deliveries already started are given {@code grace} to settle. */
    public void stop(Duration grace) throws InterruptedException {
        stop.countDown();
        Thread t = runner;
        if (t != null) {
            t.join(grace.toMillis());
        }
        flushSinks();
        if (!awaitSettled(grace)) {
            LOG.warn("{} deliveries still in flight after {}", maxInFlight - inFlight.availablePermits(), grace);
        }
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
