package org.quantrac.processor.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-checked against EPA's formula and 2024 breakpoints, with EPA's truncation before the lookup. */
class UsAqiTest {

    @Test
    void pm25WithThe2024Breakpoints() {
        assertThat(UsAqi.PM25.subIndex(35.9)).hasValue(102);   // 49/19.9·0.4 + 101 = 101.98
        assertThat(UsAqi.PM25.subIndex(9.0)).hasValue(50);
        assertThat(UsAqi.PM25.subIndex(9.09)).hasValue(50);    // truncated to 9.0
        assertThat(UsAqi.PM25.subIndex(9.1)).hasValue(51);
        assertThat(UsAqi.PM25.subIndex(55.5)).hasValue(151);
        assertThat(UsAqi.PM25.subIndex(325.4)).hasValue(500);
        assertThat(UsAqi.PM25.subIndex(400)).hasValue(500);
    }

    @Test
    void otherTables() {
        assertThat(UsAqi.PM10.subIndex(155)).hasValue(101);
        assertThat(UsAqi.PM10.subIndex(154.9)).hasValue(100);  // truncated to 154
        assertThat(UsAqi.O3_8H_PPM.subIndex(0.078)).hasValue(126); // 49/0.014·0.007 + 101 = 125.5
        assertThat(UsAqi.O3_1H_PPM.subIndex(0.124)).isEmpty();  // the 1-hour table starts at 0.125
        assertThat(UsAqi.O3_1H_PPM.subIndex(0.125)).hasValue(101);
        assertThat(UsAqi.CO_8H_PPM.subIndex(6.95)).hasValue(75); // 6.9: 49/4.9·2.4 + 51 = 75
        assertThat(UsAqi.NO2_1H_PPB.subIndex(100)).hasValue(100);
        assertThat(UsAqi.SO2_1H_PPB.subIndex(75.9)).hasValue(100);
    }

    @Test
    void gasesAreConvertedFromMicrogramsAt25Degrees() {
        assertThat(UsAqi.ppb(Pollutant.NO2, 100)).isCloseTo(53.145, within(1e-3));
        HourlySeries s = new HourlySeries(1).set(Pollutant.NO2, 0, 100);
        // 53.1 ppb truncates to 53 → 50
        assertThat(UsAqi.hourly(s, 0).orElseThrow().subIndices()).isEqualTo(Map.of(Pollutant.NO2, 50));
    }

    @Test
    void hourlyParticlesByNowCastAndDailyBy24HourMean() {
        HourlySeries s = new HourlySeries(24);
        for (int t = 0; t < 24; t++) {
            s.set(Pollutant.PM25, t, 35.9);
        }
        AqiResult hourly = UsAqi.hourly(s, 23).orElseThrow();
        assertThat(hourly.aqi()).isEqualTo(102);
        assertThat(hourly.dominant()).isEqualTo(Pollutant.PM25);
        assertThat(UsAqi.daily(s, 0).orElseThrow().aqi()).isEqualTo(102);

        HourlySeries recentGap = new HourlySeries(24);
        for (int t = 0; t < 22; t++) {
            recentGap.set(Pollutant.PM25, t, 35.9);
        }
        assertThat(UsAqi.hourly(recentGap, 23)).as("both most recent hours missing").isEmpty();
    }
}
