package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.portal.api.Csv;
import org.quantrac.portal.query.BadRequest;
import org.quantrac.portal.query.Cursor;
import org.quantrac.portal.query.Limits;
import org.quantrac.portal.query.TimeWindow;

class QueryValuesTest {

    private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:00Z");

    @Test
    void datesAreLocalDaysAndToDateIncludesTheWholeDay() {
        TimeWindow w = TimeWindow.parse("2026-11-20", "2026-11-20", null, VN, Duration.ofDays(1),
                Duration.ofDays(31), NOW);
        assertThat(w.from()).isEqualTo(Instant.parse("2026-11-19T17:00:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-11-20T17:00:00Z"));
        TimeWindow utc = TimeWindow.parse("2026-11-20", null, "UTC", VN, Duration.ofDays(1), Duration.ofDays(31),
                NOW);
        assertThat(utc.from()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(utc.to()).as("no 'to': until now").isEqualTo(NOW);
    }

    @Test
    void offsetsLocalTimesAndDefaults() {
        TimeWindow w = TimeWindow.parse("2026-11-20T08:00:00+07:00", "2026-11-20T10:00", null, VN,
                Duration.ofDays(1), Duration.ofDays(31), NOW);
        assertThat(w.from()).isEqualTo(Instant.parse("2026-11-20T01:00:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-11-20T03:00:00Z"));
        TimeWindow last = TimeWindow.parse(null, null, null, VN, Duration.ofDays(1), Duration.ofDays(31), NOW);
        assertThat(last.from()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(last.to()).isEqualTo(NOW);
    }

    @Test
    void tooLongAndBadValuesAreClearBadRequests() {
        assertThatThrownBy(() -> TimeWindow.parse("2026-01-01", "2026-03-01", null, VN, Duration.ofDays(1),
                Duration.ofDays(31), NOW)).isInstanceOf(BadRequest.class)
                .hasMessageContaining("is 60 days long; this endpoint allows at most 31 days per request");
        assertThatThrownBy(() -> TimeWindow.parse("soon", null, null, VN, Duration.ofDays(1), Duration.ofDays(31),
                NOW)).isInstanceOf(BadRequest.class).hasMessageContaining("'from' = 'soon' is not a time");
        assertThatThrownBy(() -> TimeWindow.zone("Asia/Hanoi'--", VN)).isInstanceOf(BadRequest.class);
    }

    @Test
    void wholeHourOffsetsDetectsHalfHourZones() {
        Instant a = Instant.parse("2026-11-01T00:00:00Z");
        Instant b = Instant.parse("2026-11-03T00:00:00Z");
        assertThat(new TimeWindow(a, b, VN).wholeHourOffsets()).isTrue();
        assertThat(new TimeWindow(a, b, ZoneId.of("America/St_Johns")).wholeHourOffsets()).isFalse();
        assertThat(new TimeWindow(a, b, ZoneId.of("Asia/Kolkata")).wholeHourOffsets()).isFalse();
    }

    @Test
    void cursorRoundTripsToTheMicrosecondAndRejectsGarbage() {
        Cursor c = new Cursor(Instant.parse("2026-11-20T01:02:03.456789Z"), 17);
        assertThat(Cursor.decode(c.encode())).isEqualTo(c);
        assertThatThrownBy(() -> Cursor.decode("' OR 1=1 --")).isInstanceOf(BadRequest.class)
                .hasMessageContaining("pass the 'next' link");
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() {
        assertThat(new String(new Csv().row("PM2,5", "a\"b", null, 1.5).bytes(),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("\"PM2,5\",\"a\"\"b\",,1.5\r\n");
    }

    @Test
    void limitsFollowTheStationsClassAndFactors() {
        StationCatalog catalog = StationCatalog.builtIn();
        var air = catalog.byCode("QN-AQ-01").orElseThrow();
        assertThat(Limits.of(air, air.parameter("PM2,5").orElseThrow()))
                .hasValue(new Limits(null, 50.0, "24h", "QCVN 05:2023/BTNMT"));
        var water = catalog.all().stream().filter(s -> s.kind().name().equals("SURFACE_WATER")
                && s.limitClass().orElse("").equals("A") && s.parameter("DO").isPresent()).findFirst().orElseThrow();
        assertThat(Limits.of(water, water.parameter("DO").orElseThrow()).orElseThrow().lower()).isEqualTo(6.0);
        var waste = catalog.all().stream().filter(s -> s.kind().name().equals("WASTEWATER")
                && s.parameter("COD").isPresent()).findFirst().orElseThrow();
        double column = waste.limitClass().orElseThrow().equals("A") ? 75 : 150;
        assertThat(Limits.of(waste, waste.parameter("COD").orElseThrow()).orElseThrow().upper())
                .isEqualTo(column * waste.kq() * waste.kf());
    }
}
