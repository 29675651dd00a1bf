package org.quantrac.launcher.portalbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.sink.ReadingBatch;
import org.quantrac.simulator.signal.SignalModel;

class StationDaysTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    private final StationCatalog catalog = StationCatalog.builtIn();

    @Test
    void aLocalDayIsMidnightToMidnightInVietnam() {
        assertThat(StationDays.start(DAY)).isEqualTo(Instant.parse("2026-02-28T17:00:00Z"));
        assertThat(StationDays.end(DAY)).isEqualTo(Instant.parse("2026-03-01T17:00:00Z"));
    }

    @Test
    void aStationDayHasEveryMeasurementTimeAndParameterWithTheModelsValues() {
        Station s = catalog.all().stream().filter(x -> x.interval().equals(Duration.ofSeconds(300))).findFirst()
                .orElseThrow();
        ReadingBatch batch = new ReadingBatch(16);
        new StationDays(42).fill(s, DAY, batch);

        assertThat(batch.size()).isEqualTo(288 * s.parameters().size())
                .isEqualTo(StationDays.expectedRows(s, DAY));
        long first = StationDays.start(DAY).getEpochSecond() * 1_000_000L;
        long last = StationDays.end(DAY).minusSeconds(300).getEpochSecond() * 1_000_000L;
        assertThat(batch.epochMicros(0)).isEqualTo(first);
        assertThat(batch.epochMicros(batch.size() - 1)).isEqualTo(last);
        assertThat(batch.stationId(0)).isEqualTo(s.id());
        assertThat(batch.value(0)).isEqualTo(new SignalModel(42).value(s, s.parameters().get(0),
                StationDays.start(DAY)));
        assertThat(batch.status(0)).isZero();
        assertThat(batch.qcFlags(0)).isZero();
    }

    @Test
    void theWholeCatalogMakesAboutNineHundredThousandRowsADay() {
        LoadPlan plan = new LoadPlan("benchyear", 42, DAY, DAY, List.copyOf(catalog.all()));
        assertThat(plan.expectedRows()).isEqualTo(893_376);
        assertThat(plan.days()).containsExactly(DAY);
    }

    @Test
    void aPlanRejectsABadSchemaOrReversedDays() {
        List<Station> one = List.of(catalog.all().iterator().next());
        assertThatThrownBy(() -> new LoadPlan("Bench; DROP", 1, DAY, DAY, one)).hasMessageContaining("SQL identifier");
        assertThatThrownBy(() -> new LoadPlan("b", 1, DAY, DAY.minusDays(1), one)).hasMessageContaining("before");
    }
}
