package org.quantrac.simulator.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimulationClockTest {

    /** A wall clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-28T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void acceleratedTimeRunsSpeedTimesFasterFromTheChosenStart() {
        ManualClock wall = new ManualClock();
        Instant simStart = Instant.parse("2026-01-01T00:00:00Z");
        SimulationClock clock = SimulationClock.accelerated(wall, simStart, 60);
        assertThat(clock.now()).isEqualTo(simStart);
        wall.now = wall.now.plusSeconds(2);
        assertThat(clock.now()).isEqualTo(simStart.plusSeconds(120));
        assertThat(clock.wallDelayUntil(simStart.plusSeconds(180))).isEqualTo(Duration.ofSeconds(1));
        assertThat(clock.wallDelayUntil(simStart)).isZero();
    }

    @Test
    void realTimeWaitsTheDifferenceAndBackfillNeverWaits() {
        ManualClock wall = new ManualClock();
        SimulationClock real = SimulationClock.realTime(wall);
        assertThat(real.wallDelayUntil(wall.now.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        SimulationClock backfill = SimulationClock.backfill(wall);
        assertThat(backfill.wallDelayUntil(wall.now.plus(Duration.ofDays(400)))).isZero();
    }

    @Test
    void speedMustBePositive() {
        assertThatThrownBy(() -> SimulationClock.accelerated(new ManualClock(), null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
    }

    @Test
    void catchingUpRunsFastUntilThePresentThenInRealTime() {
        ManualClock wall = new ManualClock();
        Instant present = wall.now;
        SimulationClock clock = SimulationClock.catchingUp(wall, present.minus(Duration.ofHours(1)), 60);
        // 30 simulated minutes in the past: half a wall minute away.
        assertThat(clock.wallDelayUntil(present.minus(Duration.ofMinutes(30)))).isEqualTo(Duration.ofSeconds(30));
        wall.now = present.plusSeconds(90);
        // Caught up: the simulated present is the real one, and a future instant is waited for in real time.
        assertThat(clock.now()).isEqualTo(wall.now);
        assertThat(clock.wallDelayUntil(wall.now.plusSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    }
}
