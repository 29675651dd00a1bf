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
}
