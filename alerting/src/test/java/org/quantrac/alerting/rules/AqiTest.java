package org.quantrac.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;

/** AQI band crossing on the processor's hourly VN_AQI: above 150 for two hours opens, 140 or below clears. */
class AqiTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Station AQ01 = CATALOG.byCode("QN-AQ-01").orElseThrow();  // AQI-eligible
    private static final Station AQ15 = CATALOG.byCode("QN-AQ-15").orElseThrow();  // reference station: no AQI
    private static final Instant T0 = Instant.parse("2026-03-10T01:00:00Z");

    private final RuleBook book = RuleBook.defaults();
    private final Evaluator evaluator = new Evaluator(() -> book);

    /** The end of hour h. */
    private static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    private List<String> aqi(int h, double value) {
        return evaluator.observeAqi(AQ01, hour(h), value, true).stream()
                .map(d -> d.type() + " " + d.rule().id() + " " + d.time()
                        + (d.conditionSince() == null ? "" : " since " + d.conditionSince())).toList();
    }

    @Test
    void aBandCrossingForTwoHoursOpensAndTheHysteresisDecidesTheEnd() {
        assertThat(aqi(0, 100)).isEmpty();
        assertThat(aqi(1, 160)).isEmpty();                  // one hour above 150
        assertThat(aqi(2, 170)).containsExactly("OPEN aqi.bad " + hour(2) + " since " + hour(1));
        assertThat(aqi(2, 170)).isEmpty();                  // the same row read again
        assertThat(aqi(3, 210)).isEmpty();                  // very bad: its first hour
        assertThat(aqi(4, 145)).isEmpty();                  // inside the 10-point hysteresis of 150
        assertThat(aqi(5, 130)).containsExactly("RESOLVE aqi.bad " + hour(5));
        assertThat(evaluator.observeAqi(AQ15, hour(6), 300, true)).isEmpty();
        assertThat(book.forStation(AQ15)).noneMatch(r -> r.kind() == RuleKind.AQI);
    }

    @Test
    void aRecomputedHourReJudgesFromItsTime() {
        aqi(0, 100);
        aqi(1, 120);
        assertThat(aqi(2, 160)).isEmpty();
        // late readings make the processor recompute hour 1: 155, so the band was crossed from hour 1
        assertThat(aqi(1, 155)).containsExactly("OPEN aqi.bad " + hour(2) + " since " + hour(1));
        assertThat(evaluator.isOpen(AQ01, "aqi.bad")).isTrue();
        // and recomputed back down: the episode ends at hour 1's end... hour 2 alone is one hour above
        assertThat(aqi(2, 120)).containsExactly("RESOLVE aqi.bad " + hour(2));
    }
}
