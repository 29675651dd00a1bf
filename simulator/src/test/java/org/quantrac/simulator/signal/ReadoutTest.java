package org.quantrac.simulator.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReadoutTest {

    @Test
    void roundsToFourSignificantDigitsAndAtMostThreeDecimals() {
        assertThat(Readout.round(35.2345)).isEqualTo(35.23);
        assertThat(Readout.round(0.0212345)).isEqualTo(0.021);
        assertThat(Readout.round(423_456.7)).isEqualTo(423_500.0);
        assertThat(Readout.round(1013.27)).isEqualTo(1013.0);
        assertThat(Readout.round(-0.0)).isEqualTo(0.0);
    }

    @Test
    void textHasNoExponentAndRoundTripsExactlyThroughJsonAndText() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (double raw : new double[] {35.2345, 0.0212, 423_456.7, 7.1, 1e-4, 99_999.9, 0.5}) {
            double v = Readout.round(raw);
            String text = Readout.text(v);
            assertThat(text).doesNotContain("E").doesNotContain("e");
            assertThat(Double.parseDouble(text)).isEqualTo(v);
            assertThat(json.readTree(json.writeValueAsString(json.createObjectNode().put("v", v))).get("v").asDouble())
                    .isEqualTo(v);
        }
        assertThat(Readout.text(423_500.0)).isEqualTo("423500");
        assertThat(Readout.text(35.2)).isEqualTo("35.2");
    }

    @Test
    void theFastPathGivesExactlyWhatTheBigDecimalDefinitionGives() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 2_000_000; i++) {
            // every decade from 1e-5 to 1e13, and values on a 4-digit grid ± a few ulps (ties and near ties)
            double v = Math.pow(10, random.nextDouble(-5, 13));
            if (i % 4 == 1) {
                double step = Math.pow(10, Math.floor(Math.log10(v)) - 4);
                v = (Math.floor(v / step) + 0.5) * step;
            } else if (i % 4 == 2) {
                v = Math.nextUp(Math.pow(10, Math.floor(Math.log10(v)))) * (1 + random.nextInt(-3, 3) * 1e-16);
            }
            v = random.nextBoolean() ? v : -v;
            assertThat(Readout.round(v)).as("round(%s)", v).isEqualTo(Readout.exactRound(v));
        }
        for (double v : new double[] {0.001, 0.0015, 0.0025, 0.9995, 0.99995, 9.9995, 9999.5, 1000.5, 1001.5, 0.1235,
                1e12, 999_999_999_999.9, 12.345, 12.355, 0.012345}) {
            assertThat(Readout.round(v)).as("round(%s)", v).isEqualTo(Readout.exactRound(v));
            assertThat(Readout.round(-v)).as("round(%s)", -v).isEqualTo(Readout.exactRound(-v));
        }
    }
}
