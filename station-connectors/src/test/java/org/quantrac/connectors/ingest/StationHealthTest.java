package org.quantrac.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.record.v1.StationEvent;

class StationHealthTest {

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
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
    void reportsRateLastMessageAndRejectionsPerStationPerWindow() {
        ManualClock clock = new ManualClock();
        StationHealth health = new StationHealth(clock, "c1");
        health.seen("QN-AQ-01", 0);
        clock.now = clock.now.plusSeconds(20);
        health.seen("QN-AQ-01", 2);
        health.seen("QN-AQ-02", 0);
        clock.now = clock.now.plusSeconds(10);
        Instant last = clock.now;
        health.seen("QN-AQ-01", 0);
        clock.now = clock.now.plusSeconds(30);

        List<StationEvent> events = health.report();

        assertThat(events).hasSize(2);
        StationEvent aq01 = events.stream().filter(e -> e.getStationCode().equals("QN-AQ-01")).findFirst()
                .orElseThrow();
        assertThat(aq01.getKind()).isEqualTo(StationEvent.Kind.HEALTH);
        assertThat(aq01.getMessagesPerMinute()).isEqualTo(3.0);
        assertThat(aq01.getLastMessageMs()).isEqualTo(last.toEpochMilli());
        assertThat(aq01.getTimeMs()).isEqualTo(clock.now.toEpochMilli());
        assertThat(aq01.getDetail()).isEqualTo("3 messages, 2 rejected items");
        assertThat(aq01.getConnector()).isEqualTo("c1");

        // A new window: only stations heard from since.
        clock.now = clock.now.plus(Duration.ofSeconds(30));
        health.seen("QN-AQ-02", 1);
        clock.now = clock.now.plus(Duration.ofSeconds(30));
        List<StationEvent> next = health.report();
        assertThat(next).singleElement().satisfies(e -> {
            assertThat(e.getStationCode()).isEqualTo("QN-AQ-02");
            assertThat(e.getMessagesPerMinute()).isEqualTo(1.0);
            assertThat(e.getDetail()).isEqualTo("1 messages, 1 rejected items");
        });
    }
}
