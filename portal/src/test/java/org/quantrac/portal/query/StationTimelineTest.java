package org.quantrac.portal.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.portal.query.StationTimeline.Event;

class StationTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private static Instant m(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    @Test
    void calibrationGapAndDeviceErrorAsPeriods() {
        List<Instant> times = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            if (i >= 60 && i < 80) {
                continue; // 20 minutes without data
            }
            times.add(m(i));
            statuses.add(i >= 30 && i < 60 ? 1 : i >= 80 && i < 90 ? 2 : 0);
        }
        List<Event> events = StationTimeline.events(times, statuses, Duration.ofMinutes(1),
                new TimeWindow(m(0), m(120), ZoneOffset.UTC));
        assertThat(events).containsExactly(
                new Event("CALIBRATION", m(30), m(60)),
                new Event("GAP", m(59), m(80)),
                new Event("DEVICE_ERROR", m(80), m(90)));
    }

    @Test
    void missingStartEndAndNoDataAtAll() {
        TimeWindow w = new TimeWindow(m(0), m(60), ZoneOffset.UTC);
        assertThat(StationTimeline.events(List.of(m(10), m(11)), List.of(0, 0), Duration.ofMinutes(1), w))
                .containsExactly(new Event("GAP", m(0), m(10)), new Event("GAP", m(11), m(60)));
        assertThat(StationTimeline.events(List.of(), List.of(), Duration.ofMinutes(1), w))
                .containsExactly(new Event("GAP", m(0), m(60)));
    }
}
