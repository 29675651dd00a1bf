package org.quantrac.processor.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-checked against Decision 1459/QĐ-TCMT's formula I = (I_i+1 − I_i)/(BP_i+1 − BP_i)·(C − BP_i) + I_i. */
class VnAqiTest {

    @Test
    void subIndicesInterpolateWithinTheBand() {
        assertThat(VnAqi.subIndex(Pollutant.PM25, 60)).hasValue(117);   // 50/30·10 + 100 = 116.67
        assertThat(VnAqi.subIndex(Pollutant.PM10, 100)).hasValue(75);   // 50/100·50 + 50
        assertThat(VnAqi.subIndex(Pollutant.O3, 180)).hasValue(75);     // 50/40·20 + 50
        assertThat(VnAqi.subIndex(Pollutant.CO, 20_000)).hasValue(75);  // 50/20000·10000 + 50
        assertThat(VnAqi.subIndex(Pollutant.SO2, 237.5)).hasValue(75);  // 50/225·112.5 + 50
        assertThat(VnAqi.subIndex(Pollutant.NO2, 150)).hasValue(75);    // band 100–200 → 50–100: 50/100·50 + 50
        assertThat(VnAqi.subIndex(Pollutant.PM25, 300)).hasValue(350);  // 100/100·50 + 300
    }

    @Test
    void breakpointsEdgesRoundingAndTheTop() {
        assertThat(VnAqi.subIndex(Pollutant.PM25, 0)).hasValue(0);
        assertThat(VnAqi.subIndex(Pollutant.PM25, 25)).hasValue(50);
        assertThat(VnAqi.subIndex(Pollutant.PM25, 10.25)).hasValue(21); // 20.5 rounds half up
        assertThat(VnAqi.subIndex(Pollutant.PM25, 10.24)).hasValue(20); // 20.48
        assertThat(VnAqi.subIndex(Pollutant.PM25, 500)).hasValue(500);
        assertThat(VnAqi.subIndex(Pollutant.PM25, 501)).hasValue(500);
        assertThat(VnAqi.subIndex(Pollutant.PM25, -1)).isEmpty();
        assertThat(VnAqi.subIndex(Pollutant.PM25, Double.NaN)).isEmpty();
    }

    @Test
    void hourlyUsesNowCastForParticlesAndTheHourForGases() {
        HourlySeries s = new HourlySeries(12);
        for (int t = 0; t < 12; t++) {
            s.set(Pollutant.PM25, t, 60);
        }
        s.set(Pollutant.O3, 11, 180);
        s.set(Pollutant.O3, 10, 999); // an earlier hour does not count for O3's hourly sub-index

        AqiResult aqi = VnAqi.hourly(s, 11).orElseThrow();

        assertThat(aqi.aqi()).isEqualTo(117);
        assertThat(aqi.dominant()).isEqualTo(Pollutant.PM25);
        assertThat(aqi.subIndices()).isEqualTo(Map.of(Pollutant.PM25, 117, Pollutant.O3, 75));
        assertThat(aqi.band()).isEqualTo(AqiBand.POOR);
        assertThat(aqi.band().hexColour()).isEqualTo("#ff7e00");
        assertThat(aqi.subIndicesJson()).isEqualTo("{\"PM2,5\":117,\"O3\":75}");
    }

    @Test
    void hourlyNowCastWithAChangingSeries() {
        HourlySeries s = new HourlySeries(3);
        s.set(Pollutant.PM25, 0, 30).set(Pollutant.PM25, 1, 40).set(Pollutant.PM25, 2, 50);
        // NowCast 43.2653 → 50/25·18.2653 + 50 = 86.53
        assertThat(VnAqi.hourly(s, 2).orElseThrow().aqi()).isEqualTo(87);
    }

    @Test
    void noAqiWithoutParticlesOrWithTooFewRecentHours() {
        HourlySeries gasesOnly = new HourlySeries(1).set(Pollutant.O3, 0, 180).set(Pollutant.NO2, 0, 150);
        assertThat(VnAqi.hourly(gasesOnly, 0)).isEmpty();

        HourlySeries gap = new HourlySeries(12);
        for (int t = 0; t < 10; t++) {
            gap.set(Pollutant.PM10, t, 80);
        }
        gap.set(Pollutant.PM10, 11, 80); // hour 10 missing: 2 of the last 3 present
        assertThat(VnAqi.hourly(gap, 11)).isPresent();
        assertThat(VnAqi.hourly(gap, 12)).isEmpty(); // hours 12 (outside) and 10 missing
    }

    @Test
    void dailyUsesThe24HourMeanForParticles() {
        HourlySeries s = new HourlySeries(24);
        for (int t = 0; t < 20; t++) {
            s.set(Pollutant.PM25, t, 30);
        }
        AqiResult aqi = VnAqi.daily(s, 0).orElseThrow(); // 50/25·5 + 50
        assertThat(aqi.subIndices()).isEqualTo(Map.of(Pollutant.PM25, 60));

        HourlySeries sparse = new HourlySeries(24);
        for (int t = 0; t < 17; t++) {
            sparse.set(Pollutant.PM25, t, 30);
        }
        assertThat(VnAqi.daily(sparse, 0)).as("17 of 24 hours is below 75 %").isEmpty();
    }

    @Test
    void dailyOzoneTakesTheLargerOfOneHourAndEightHourSubIndices() {
        HourlySeries s = new HourlySeries(31); // 7 hours before the day feed the first 8-hour means
        for (int t = 0; t < 31; t++) {
            s.set(Pollutant.PM10, t, 40).set(Pollutant.O3, t, 150);
        }
        // 1 h max 150 → 50/160·150 = 46.9; 8 h max 150 → 50/50·30 + 100 = 130
        assertThat(VnAqi.daily(s, 7).orElseThrow().subIndices()).containsEntry(Pollutant.O3, 130);

        HourlySeries high = new HourlySeries(31);
        for (int t = 0; t < 31; t++) {
            high.set(Pollutant.PM10, t, 40).set(Pollutant.O3, t, 450);
        }
        // 8 h mean above 400 is skipped; 1 h: 100/400·50 + 200 = 212.5
        AqiResult aqi = VnAqi.daily(high, 7).orElseThrow();
        assertThat(aqi.subIndices()).containsEntry(Pollutant.O3, 213);
        assertThat(aqi.dominant()).isEqualTo(Pollutant.O3);
        assertThat(aqi.band()).isEqualTo(AqiBand.VERY_BAD);
    }

    @Test
    void dailyGasesUseTheMaximumHour() {
        HourlySeries s = new HourlySeries(24);
        for (int t = 0; t < 24; t++) {
            s.set(Pollutant.PM25, t, 10).set(Pollutant.NO2, t, t == 13 ? 150 : 20);
        }
        assertThat(VnAqi.daily(s, 0).orElseThrow().subIndices())
                .isEqualTo(Map.of(Pollutant.PM25, 20, Pollutant.NO2, 75));
    }

    @Test
    void bandsFollowTheDecision() {
        assertThat(AqiBand.of(0)).isEqualTo(AqiBand.GOOD);
        assertThat(AqiBand.of(50)).isEqualTo(AqiBand.GOOD);
        assertThat(AqiBand.of(51)).isEqualTo(AqiBand.MODERATE);
        assertThat(AqiBand.of(150)).isEqualTo(AqiBand.POOR);
        assertThat(AqiBand.of(200)).isEqualTo(AqiBand.BAD);
        assertThat(AqiBand.of(300)).isEqualTo(AqiBand.VERY_BAD);
        assertThat(AqiBand.of(301)).isEqualTo(AqiBand.HAZARDOUS);
        assertThat(AqiBand.HAZARDOUS.hexColour()).isEqualTo("#7e0023");
        assertThat(AqiBand.GOOD.hexColour()).isEqualTo("#00e400");
    }
}
