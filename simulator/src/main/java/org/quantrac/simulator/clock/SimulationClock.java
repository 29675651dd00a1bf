package org.quantrac.simulator.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Simulated time and how it maps to the wall clock: real time (1:1), accelerated ({@code speed} simulated seconds per
 * wall second, starting at a chosen simulated instant) or backfill (no waiting at all: a historical period is produced
 * as fast as the receivers accept it).
 */
public final class SimulationClock {

    public enum Mode { REAL_TIME, ACCELERATED, BACKFILL }

    private final Mode mode;
    private final Clock wall;
    private final Instant simulatedStart;
    private final Instant wallStart;
    private final double speed;
    private final boolean capAtNow;

    private SimulationClock(Mode mode, Clock wall, Instant simulatedStart, double speed, boolean capAtNow) {
        this.mode = mode;
        this.capAtNow = capAtNow;
        this.wall = Objects.requireNonNull(wall, "wall");
        this.wallStart = wall.instant();
        this.simulatedStart = simulatedStart == null ? wallStart : simulatedStart;
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + speed);
        }
        this.speed = speed;
    }

    public static SimulationClock realTime(Clock wall) {
        return new SimulationClock(Mode.REAL_TIME, wall, null, 1.0, false);
    }

    /** {@code speed} simulated seconds pass per wall-clock second, from {@code simulatedStart} (now if null). */
    public static SimulationClock accelerated(Clock wall, Instant simulatedStart, double speed) {
        return new SimulationClock(Mode.ACCELERATED, wall, simulatedStart, speed, false);
    }

    /**
     * Accelerated until the simulated time reaches the present, then real time: a replay of the recent past that
     * never produces measurement times in the future (which a connector rejects).
     */
    public static SimulationClock catchingUp(Clock wall, Instant simulatedStart, double speed) {
        return new SimulationClock(Mode.ACCELERATED, wall, simulatedStart, speed, true);
    }

    /** Every instant is due at once. */
    public static SimulationClock backfill(Clock wall) {
        return new SimulationClock(Mode.BACKFILL, wall, null, 1.0, false);
    }

    public Mode mode() {
        return mode;
    }

    public double speed() {
        return speed;
    }

    /** The simulated present; in backfill mode, the wall clock (nothing waits for it). */
    public Instant now() {
        if (mode != Mode.ACCELERATED) {
            return wall.instant();
        }
        Instant wallNow = wall.instant();
        long wallNanos = Duration.between(wallStart, wallNow).toNanos();
        Instant simulated = simulatedStart.plusNanos(Math.round(wallNanos * speed));
        return capAtNow && simulated.isAfter(wallNow) && !simulatedStart.isAfter(wallStart) ? wallNow : simulated;
    }

    /** How long to wait on the wall clock until the simulated instant {@code t} arrives; zero when it is due. */
    public Duration wallDelayUntil(Instant t) {
        if (mode == Mode.BACKFILL) {
            return Duration.ZERO;
        }
        long simNanos = Duration.between(now(), t).toNanos();
        if (simNanos <= 0) {
            return Duration.ZERO;
        }
        Duration accelerated = Duration.ofNanos((long) Math.ceil(simNanos / speed));
        if (capAtNow) {
            Duration untilReal = Duration.between(wall.instant(), t);
            return untilReal.compareTo(accelerated) > 0 ? untilReal : accelerated;
        }
        return accelerated;
    }
}
