package org.quantrac.processor.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.quantrac.processor.aqi.NowCast.Rule;

class NowCastTest {

    private static final double NA = Double.NaN;

    @Test
    void weightsRecentHoursMoreWhenConcentrationsChange() {
        // w* = 30/50 = 0.6; (50 + 0.6·40 + 0.36·30) / (1 + 0.6 + 0.36) = 84.8 / 1.96
        assertThat(NowCast.of(new double[] {50, 40, 30}, Rule.TWO_OF_LAST_THREE).getAsDouble())
                .isCloseTo(43.265306, within(1e-6));
    }

    @Test
    void weightIsNeverBelowOneHalf() {
        // w* = 10/100 = 0.1 → w = 0.5: (10 + 0.5·100) / 1.5
        assertThat(NowCast.of(new double[] {10, 100, NA}, Rule.ONE_OF_LAST_TWO).getAsDouble())
                .isCloseTo(40.0, within(1e-9));
    }

    @Test
    void steadyConcentrationIsItself() {
        double[] twelve = new double[12];
        java.util.Arrays.fill(twelve, 35.0);
        assertThat(NowCast.of(twelve, Rule.TWO_OF_LAST_THREE).getAsDouble()).isCloseTo(35.0, within(1e-9));
        assertThat(NowCast.of(new double[12], Rule.TWO_OF_LAST_THREE).getAsDouble()).isZero();
    }

    @Test
    void missingHoursKeepTheirPlaceInTheWeights() {
        // hours 2 and 3 present: w* = 20/30, weights w and w² → (w·20 + w²·30) / (w + w²) = 24
        assertThat(NowCast.of(new double[] {NA, 20, 30}, Rule.TWO_OF_LAST_THREE).getAsDouble())
                .isCloseTo(24.0, within(1e-9));
        // only hours beyond the 12th are ignored
        double[] thirteen = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1000};
        assertThat(NowCast.of(thirteen, Rule.TWO_OF_LAST_THREE).getAsDouble()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void vietnamNeedsTwoOfTheThreeMostRecentHours() {
        assertThat(NowCast.of(new double[] {50, NA, NA, 40, 40}, Rule.TWO_OF_LAST_THREE)).isEmpty();
        assertThat(NowCast.of(new double[] {NA, NA, 30, 40, 40}, Rule.TWO_OF_LAST_THREE)).isEmpty();
        assertThat(NowCast.of(new double[] {50, NA, 30}, Rule.TWO_OF_LAST_THREE)).isPresent();
    }

    @Test
    void usNeedsOneOfTheTwoMostRecentHours() {
        assertThat(NowCast.of(new double[] {50, NA, NA, 40}, Rule.ONE_OF_LAST_TWO).getAsDouble())
                .isCloseTo((50 + 0.8 * 0.8 * 0.8 * 40) / (1 + 0.8 * 0.8 * 0.8), within(1e-9));
        assertThat(NowCast.of(new double[] {NA, NA, 30, 40}, Rule.ONE_OF_LAST_TWO)).isEmpty();
    }
}
