package org.quantrac.processor.qc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.ParameterCatalog;
import org.quantrac.core.reading.QcFlag;

class SeriesChecksTest {

    private static final ParameterCatalog CATALOG = ParameterCatalog.builtIn();
    private static final long MINUTE = 60_000_000L;
    private static final int SPIKE = QcFlag.SPIKE.bit();
    private static final int FLATLINE = QcFlag.FLATLINE.bit();

    /** PM2.5 (id 1): at most 10 per minute, 4 identical values make a flatline. */
    private final SeriesChecks checks = new SeriesChecks(SeriesLimits.uniform(CATALOG, 10, 4));

    private int at(int minute, double value) {
        return checks.flags(1, 1, minute * MINUTE, value, 0);
    }

    @Test
    void aJumpBeyondTheRateIsASpikeAndTheReturnIsNot() {
        assertThat(at(0, 20)).isZero();
        assertThat(at(1, 29)).isZero();
        assertThat(at(2, 80)).isEqualTo(SPIKE);
        assertThat(at(3, 31)).as("compared with 29, not with the spike").isZero();
    }

    @Test
    void theAllowedChangeGrowsWithTheTimeBetweenReadings() {
        assertThat(at(0, 20)).isZero();
        assertThat(at(5, 65)).as("45 in 5 minutes is within 10/min").isZero();
        assertThat(at(6, 80)).isEqualTo(SPIKE);
    }

    @Test
    void afterAGapOfMoreThanAnHourThereIsNothingToCompare() {
        assertThat(at(0, 20)).isZero();
        assertThat(at(61, 900)).isZero();
    }

    @Test
    void aLastingStepBecomesTheNewBaseline() {
        at(0, 20);
        assertThat(at(1, 100)).isEqualTo(SPIKE);
        assertThat(at(2, 101)).isEqualTo(SPIKE);
        assertThat(at(3, 102)).isEqualTo(SPIKE);
        assertThat(at(4, 103)).as("three spikes in a row: the level is real").isZero();
    }

    @Test
    void identicalValuesFlagFromTheNthOn() {
        assertThat(at(0, 12.5)).isZero();
        assertThat(at(1, 12.5)).isZero();
        assertThat(at(2, 12.5)).isZero();
        assertThat(at(3, 12.5)).isEqualTo(FLATLINE);
        assertThat(at(4, 12.5)).isEqualTo(FLATLINE);
        assertThat(at(5, 12.6)).isZero();
    }

    @Test
    void olderOrAlreadyFlaggedReadingsNeitherGetCheckedNorMoveTheState() {
        at(10, 20);
        assertThat(at(5, 500)).as("re-sent older reading").isZero();
        assertThat(checks.flags(1, 1, 11 * MINUTE, 900, QcFlag.CALIBRATING.bit())).isZero();
        assertThat(at(12, 25)).as("still compared with 20").isZero();
        assertThat(checks.flags(2, 1, 13 * MINUTE, 500, 0)).as("another station is its own series").isZero();
        assertThat(checks.series()).isEqualTo(2);
    }

    @Test
    void seriesAreKeptApartWhateverTheirIds() {
        int[] stations = {0, 1, 1023, 1024, 70_000, (1 << 20) - 1, 1 << 20, Integer.MAX_VALUE};
        for (int i = 0; i < stations.length; i++) {
            assertThat(checks.flags(stations[i], 1, 0, 20 + i, 0)).isZero();
        }
        for (int i = 0; i < stations.length; i++) {
            assertThat(checks.flags(stations[i], 1, MINUTE, 20 + i + 50, 0)).as("station %d", stations[i])
                    .isEqualTo(SPIKE);
            assertThat(checks.flags(stations[i], 1, 2 * MINUTE, 20 + i + 5, 0)).as("compared with its own 20 + %d", i)
                    .isZero();
        }
        assertThat(checks.series()).isEqualTo(stations.length);
    }

    @Test
    void shippedLimitsCoverTheCatalog() {
        SeriesLimits limits = SeriesLimits.builtIn(CATALOG);
        for (var p : CATALOG.all()) {
            assertThat(limits.of(p.id())).as(p.key()).isNotNull();
            assertThat(limits.of(p.id()).spikePerMinute()).as(p.key()).isPositive();
        }
        // PM2.5 from the file, COD from the default fraction of its 0–5000 range, rain never flatlines
        assertThat(limits.of(1).spikePerMinute()).isEqualTo(150);
        assertThat(limits.of(55).spikePerMinute()).isEqualTo(0.25 * 5000);
        assertThat(limits.of(15).flatlineCount()).isZero();
        assertThat(limits.of(1).flatlineCount()).isEqualTo(30);
    }
}
