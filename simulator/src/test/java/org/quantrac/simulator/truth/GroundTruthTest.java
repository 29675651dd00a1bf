package org.quantrac.simulator.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;

class GroundTruthTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Instant T0 = Instant.parse("2026-11-28T01:00:00Z");

    private static Observation observation(String code, Instant time, double value) {
        Station s = CATALOG.byCode(code).orElseThrow();
        return new Observation(s, time, s.parameters().stream()
                .map(p -> new Measurement(p, value, StationStatus.MEASURING)).toList());
    }

    @Test
    void countsEverySeriesWithItsFirstAndLastTimeWhateverTheOrderOfDelivery() {
        GroundTruth truth = new GroundTruth(false);
        Observation later = observation("QN-AQ-02", T0.plusSeconds(60), 2);
        Observation earlier = observation("QN-AQ-02", T0, 1);
        Observation other = observation("QN-AQ-01", T0, 3);
        truth.sent(later);
        truth.sent(earlier); // acknowledged out of order, as PUBACKs of several connections are
        truth.sent(other);

        int parameters = later.values().size();
        assertThat(truth.observationsSent()).isEqualTo(3);
        assertThat(truth.readingsSent()).isEqualTo(2L * parameters + other.values().size());
        assertThat(truth.observationsSent("QN-AQ-02")).isEqualTo(2);
        assertThat(truth.observationsSent("QN-AQ-99")).isZero();
        String symbol = later.values().get(0).parameter().symbol();
        assertThat(truth.series("QN-AQ-02", symbol))
                .contains(new SeriesTruth(2, T0, T0.plusSeconds(60)));
        assertThat(truth.series("QN-AQ-02", "no such parameter")).isEmpty();
        // read back sorted, although kept in hash maps
        assertThat(truth.stations()).containsExactly("QN-AQ-01", "QN-AQ-02");
        assertThat(truth.allSeries().get("QN-AQ-02").keySet())
                .containsExactlyElementsOf(later.values().stream().map(m -> m.parameter().symbol()).sorted().toList());
        assertThat(truth.allSeries().get("QN-AQ-02").values())
                .allMatch(s -> s.count() == 2 && s.first().equals(T0) && s.last().equals(T0.plusSeconds(60)));
    }

    @Test
    void theJsonListsStationsAndParametersInOrder() {
        GroundTruth truth = new GroundTruth(false);
        truth.sent(observation("QN-AQ-02", T0, 1));
        truth.sent(observation("QN-AQ-01", T0, 1));

        String json = truth.toJson();

        assertThat(json.indexOf("\"QN-AQ-01\"")).isPositive().isLessThan(json.indexOf("\"QN-AQ-02\""));
        List<String> symbols = observation("QN-AQ-01", T0, 1).values().stream().map(m -> m.parameter().symbol())
                .sorted().toList();
        int at = json.indexOf("\"QN-AQ-01\"");
        int last = at;
        for (String symbol : symbols) {
            int i = json.indexOf("\"" + symbol + "\"", at);
            assertThat(i).as(symbol).isGreaterThan(last);
            last = i;
        }
        assertThat(json).contains("\"observationsSent\" : 2");
    }
}
