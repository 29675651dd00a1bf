package org.quantrac.simulator.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.station.StationKind;

class SignalModelTest {

    private static final StationCatalog CATALOG = StationCatalog.builtIn();
    private static final Instant START = Instant.parse("2026-11-22T17:00:00Z"); // Monday 23 Nov 00:00 local

    private static Station first(StationKind kind, String symbol) {
        return CATALOG.all().stream().filter(s -> s.kind() == kind && s.parameter(symbol).isPresent()).findFirst()
                .orElseThrow();
    }

    private static Parameter param(Station s, String symbol) {
        return s.parameter(symbol).orElseThrow();
    }

    @Test
    void theSameSeedGivesTheSameReadingsAndAnotherSeedOthers() {
        SignalModel a = new SignalModel(42);
        SignalModel b = new SignalModel(42);
        SignalModel other = new SignalModel(43);
        int differing = 0;
        int total = 0;
        for (Station s : CATALOG.all()) {
            Instant t = START.plus(Duration.ofMinutes(s.id() * 37L));
            Observation x = a.observe(s, t);
            assertThat(b.observe(s, t)).isEqualTo(x);
            Observation y = other.observe(s, t);
            for (int i = 0; i < x.values().size(); i++) {
                total++;
                if (x.values().get(i).value() != y.values().get(i).value()) {
                    differing++;
                }
            }
        }
        assertThat(differing).isGreaterThan(total * 3 / 4);
    }

    @Test
    void aReadingDoesNotDependOnWhatWasComputedBefore() {
        Station s = first(StationKind.AMBIENT_AIR, "PM2,5");
        Instant t = START.plus(Duration.ofDays(3));
        double direct = new SignalModel(5).value(s, param(s, "PM2,5"), t);
        SignalModel replayed = new SignalModel(5);
        for (int i = 0; i < 500; i++) {
            replayed.observe(s, START.plus(Duration.ofMinutes(i)));
        }
        assertThat(replayed.value(s, param(s, "PM2,5"), t)).isEqualTo(direct);
        assertThat(replayed.observe(s, t).values().get(0).value()).isEqualTo(direct);
    }

    @Test
    void everyValueOfEveryStationLiesInItsParametersRangeAndIsRounded() {
        SignalModel model = new SignalModel(1);
        for (Station s : CATALOG.all()) {
            for (int h = 0; h < 24 * 14; h += 5) {
                Observation o = model.observe(s, START.plus(Duration.ofHours(h)));
                for (Measurement m : o.values()) {
                    assertThat(m.parameter().inRange(m.value())).as("%s %s %s", s.code(), m.parameter().symbol(),
                            m.value()).isTrue();
                    assertThat(Readout.round(m.value())).isEqualTo(m.value());
                    assertThat(Double.parseDouble(Readout.text(m.value()))).isEqualTo(m.value());
                }
            }
        }
    }

    @Test
    void seriesAreNotConstantAndNotWhiteNoise() {
        Station s = first(StationKind.AMBIENT_AIR, "NO2");
        SignalModel model = new SignalModel(3);
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            v.add(model.value(s, param(s, "NO2"), START.plus(Duration.ofMinutes(i))));
        }
        assertThat(v.stream().distinct().count()).isGreaterThan(500);
        // Minute-to-minute changes are much smaller than the spread of the series: autocorrelated, not white.
        double mean = v.stream().mapToDouble(d -> d).average().orElseThrow();
        double var = v.stream().mapToDouble(d -> (d - mean) * (d - mean)).average().orElseThrow();
        double step = 0;
        for (int i = 1; i < v.size(); i++) {
            step += (v.get(i) - v.get(i - 1)) * (v.get(i) - v.get(i - 1));
        }
        step /= v.size() - 1;
        assertThat(step).isLessThan(var * 0.5);
    }

    private static double meanOverWeek(SignalModel model, Station s, String symbol, Predicate<Double> localHour,
                                       Instant start) {
        double sum = 0;
        int n = 0;
        for (int m = 0; m < 7 * 24 * 60; m += 10) {
            Instant t = start.plus(Duration.ofMinutes(m));
            if (localHour.test(StationTime.of(t).hour())) {
                sum += model.value(s, param(s, symbol), t);
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void ozonePeaksInTheAfternoonAndTrafficGasesAtRushHour() {
        SignalModel model = new SignalModel(11);
        Station s = first(StationKind.AMBIENT_AIR, "O3");
        double afternoon = meanOverWeek(model, s, "O3", h -> h >= 13 && h < 16, START);
        double night = meanOverWeek(model, s, "O3", h -> h >= 1 && h < 4, START);
        assertThat(afternoon).isGreaterThan(2 * night);

        Station t = first(StationKind.AMBIENT_AIR, "NO2");
        double rush = meanOverWeek(model, t, "NO2", h -> h >= 7 && h < 8.5, START);
        double noon = meanOverWeek(model, t, "NO2", h -> h >= 13 && h < 15, START);
        assertThat(rush).isGreaterThan(1.3 * noon);
        double coRush = meanOverWeek(model, t, "CO", h -> h >= 17 && h < 19, START);
        double coNoon = meanOverWeek(model, t, "CO", h -> h >= 13 && h < 15, START);
        assertThat(coRush).isGreaterThan(coNoon);
    }

    @Test
    void particlesAreHigherAtNightAndInTheDrySeason() {
        SignalModel model = new SignalModel(12);
        Station s = first(StationKind.AMBIENT_AIR, "PM2,5");
        double night = meanOverWeek(model, s, "PM2,5", h -> h >= 1 && h < 5, START);
        double afternoon = meanOverWeek(model, s, "PM2,5", h -> h >= 13 && h < 16, START);
        assertThat(night).isGreaterThan(afternoon);

        double january = meanOverWeek(model, s, "PM2,5", h -> true, Instant.parse("2026-01-10T00:00:00Z"));
        double july = meanOverWeek(model, s, "PM2,5", h -> true, Instant.parse("2026-07-10T00:00:00Z"));
        assertThat(january).isGreaterThan(1.5 * july);
    }

    @Test
    void coastalSalinityFollowsOneTideADay() {
        SignalModel model = new SignalModel(2);
        Station s = first(StationKind.COASTAL_WATER, "Salinity");
        // Hourly salinity over five days around a spring tide.
        Instant springs = Instant.parse("2026-11-20T00:00:00Z");
        List<Double> v = new ArrayList<>();
        for (int h = 0; h < 5 * 24; h++) {
            v.add(model.value(s, param(s, "Salinity"), springs.plus(Duration.ofHours(h))));
        }
        // A diurnal tide repeats after a lunar day (~25 h) and is opposite after half of it; a semi-diurnal
        // tide would repeat after ~12.4 h instead.
        assertThat(autocorrelation(v, 25)).isGreaterThan(0.3);
        assertThat(autocorrelation(v, 12)).isLessThan(0);
    }

    private static double autocorrelation(List<Double> v, int lag) {
        double mean = v.stream().mapToDouble(d -> d).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (int i = 0; i < v.size(); i++) {
            den += (v.get(i) - mean) * (v.get(i) - mean);
            if (i + lag < v.size()) {
                num += (v.get(i) - mean) * (v.get(i + lag) - mean);
            }
        }
        return num / den * v.size() / (v.size() - lag);
    }

    @Test
    void wastewaterFlowFollowsShiftsAndIsLowOnSunday() {
        SignalModel model = new SignalModel(4);
        Station s = first(StationKind.WASTEWATER, "Flow");
        double dayShift = meanOverWeek(model, s, "Flow", h -> h >= 9 && h < 13, START);
        double nightShift = meanOverWeek(model, s, "Flow", h -> h >= 0 && h < 5, START);
        assertThat(dayShift).isGreaterThan(nightShift);
        Instant sunday = START.plus(Duration.ofDays(6));
        Instant tuesday = START.plus(Duration.ofDays(1));
        double sun = 0;
        double tue = 0;
        for (int m = 9 * 60; m < 13 * 60; m += 5) {
            sun += model.value(s, param(s, "Flow"), sunday.plus(Duration.ofMinutes(m)));
            tue += model.value(s, param(s, "Flow"), tuesday.plus(Duration.ofMinutes(m)));
        }
        assertThat(sun).isLessThan(0.8 * tue);
    }
}
