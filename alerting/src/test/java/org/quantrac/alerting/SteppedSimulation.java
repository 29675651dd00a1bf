package org.quantrac.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.engine.ObservationSink;
import org.quantrac.simulator.engine.Outgoing;
import org.quantrac.simulator.engine.Simulation;
import org.quantrac.simulator.engine.StationBehaviour;
import org.quantrac.simulator.scenario.Scenario;
import org.quantrac.simulator.scenario.ScenarioBehaviour;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.truth.GroundTruth;

/**
 * The simulator's engine running one backfill of {@code [from, to)} on its own thread, held at a gate: it measures
 * (and shapes through the scenario: calibration, faults, outages and their backlog) only the measurement times before
 * the gate, so a test can let simulated time pass step by step and act between steps. One backfill, not one per
 * step: a station's backlog stays with it until the outage ends, as in a real run.
 */
final class SteppedSimulation implements AutoCloseable {

    private final Simulation simulation;
    private final GroundTruth truth = new GroundTruth(true);
    private final Thread runner;
    private Instant gate;
    /** The measurement time the engine waits at, once it has produced everything before the gate. */
    private Instant waitingAt;
    private boolean finished;
    private volatile Throwable failure;

    SteppedSimulation(long seed, Scenario scenario, List<Station> stations, ObservationSink sink, Instant from,
                      Instant to) {
        SignalModel model = new SignalModel(seed);
        StationBehaviour shaping = new ScenarioBehaviour(scenario, model, truth);
        StationBehaviour gated = new StationBehaviour() {
            @Override
            public List<Outgoing> shape(Observation measured) {
                awaitGate(measured.time());
                return shaping.shape(measured);
            }

            @Override
            public List<Outgoing> drain() {
                return shaping.drain();
            }
        };
        this.gate = from;
        this.simulation = new Simulation(model, stations, s -> sink, gated, truth, 64);
        this.runner = new Thread(() -> {
            try {
                simulation.backfill(from, to);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                synchronized (this) {
                    finished = true;
                    notifyAll();
                }
            }
        }, "stepped-simulation");
        runner.setDaemon(true);
        runner.start();
    }

    GroundTruth truth() {
        return truth;
    }

    /**
     * Lets the engine produce every measurement time before {@code until} and waits until all of it is delivered
     * (acknowledged by the sink) and the engine waits at the next time (or has finished).
     */
    void runUntil(Instant until, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            gate = until;
            notifyAll();
            while (!finished && (waitingAt == null || waitingAt.isBefore(until))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the simulation did not reach " + until + " within " + timeout);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        if (failure != null) {
            throw new IllegalStateException("the simulation failed", failure);
        }
        if (!simulation.awaitSettled(timeout)) {
            throw new IllegalStateException("deliveries still in flight after " + timeout);
        }
    }

    private synchronized void awaitGate(Instant time) {
        while (!time.isBefore(gate)) {
            waitingAt = time;
            notifyAll();
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
        }
        waitingAt = null;
    }

    /** Lets the engine finish the period and waits for it. */
    void finish(Duration timeout) throws InterruptedException {
        synchronized (this) {
            gate = Instant.MAX;
            notifyAll();
        }
        runner.join(timeout.toMillis());
        if (runner.isAlive()) {
            throw new IllegalStateException("the simulation did not finish within " + timeout);
        }
        if (failure != null) {
            throw new IllegalStateException("the simulation failed", failure);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            gate = Instant.MAX;
            notifyAll();
        }
        simulation.close();
    }
}
