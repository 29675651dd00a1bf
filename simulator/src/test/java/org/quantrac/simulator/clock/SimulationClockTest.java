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
}
