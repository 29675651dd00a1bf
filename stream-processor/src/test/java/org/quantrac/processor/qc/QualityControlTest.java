package org.quantrac.processor.qc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quantrac.core.parameter.Medium;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.QcFlag;

class QualityControlTest {

    private final Parameter pm25 = new Parameter(1, Medium.AIR, "PM2,5", "PM2.5", "µg/Nm3", 0, 1000, 0);
    private final QualityControl qc = new QualityControl();

    @Test
    void measuringInRangeHasNoFlags() {
        assertThat(qc.flags(pm25, 35.2, 0)).isZero();
        assertThat(qc.flags(pm25, 0, 0)).isZero();
        assertThat(qc.flags(pm25, 1000, 0)).isZero();
    }

    @Test
    void stationStatusBecomesFlags() {
        assertThat(QcFlag.of(qc.flags(pm25, 35.2, 1))).containsExactly(QcFlag.CALIBRATING);
        assertThat(QcFlag.of(qc.flags(pm25, 35.2, 2))).containsExactly(QcFlag.DEVICE_ERROR);
        assertThat(QcFlag.of(qc.flags(pm25, 35.2, 7))).containsExactly(QcFlag.DEVICE_ERROR);
    }

    @Test
    void outsideThePhysicalRangeIsFlaggedAndCombinesWithStatus() {
        assertThat(QcFlag.of(qc.flags(pm25, -0.1, 0))).containsExactly(QcFlag.RANGE);
        assertThat(QcFlag.of(qc.flags(pm25, 1000.01, 0))).containsExactly(QcFlag.RANGE);
        assertThat(QcFlag.of(qc.flags(pm25, Double.NaN, 0))).containsExactly(QcFlag.RANGE);
        assertThat(QcFlag.of(qc.flags(pm25, 5000, 1))).containsExactlyInAnyOrder(QcFlag.CALIBRATING, QcFlag.RANGE);
    }
}
