package org.quantrac.core.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitConversionTest {

    private final ParameterCatalog catalog = ParameterCatalog.builtIn();
    private final Parameter airSo2 = catalog.bySymbol(Medium.AIR, "SO2").orElseThrow();
    private final Parameter stackSo2 = catalog.bySymbol(Medium.STACK, "SO2").orElseThrow();

    @Test
    void massConcentrationsScaleByAThousand() {
        assertThat(UnitConversion.toCanonical(airSo2, 0.35, "mg/Nm3")).hasValue(350.0);
        assertThat(UnitConversion.toCanonical(airSo2, 0.35, "mg/Nm³")).hasValue(350.0);
        assertThat(UnitConversion.toCanonical(stackSo2, 350, "µg/Nm3").getAsDouble()).isCloseTo(0.35, within(1e-12));
        assertThat(UnitConversion.toCanonical(airSo2, 12, "ug/m3")).hasValue(12.0);
    }

    @Test
    void blankOrCanonicalUnitKeepsTheValue() {
        assertThat(UnitConversion.toCanonical(airSo2, 42, "")).hasValue(42.0);
        assertThat(UnitConversion.toCanonical(airSo2, 42, null)).hasValue(42.0);
        assertThat(UnitConversion.toCanonical(airSo2, 42, "µg/Nm3")).hasValue(42.0);
    }

    @Test
    void ppbOfSo2UsesMolarVolumeAt25C() {
        // 1 ppb SO2 = 64.066 / 24.45 = 2.6203 µg/m3
        assertThat(UnitConversion.toCanonical(airSo2, 100, "ppb").getAsDouble()).isCloseTo(262.03, within(0.01));
        Parameter co = catalog.bySymbol(Medium.AIR, "CO").orElseThrow();
        assertThat(UnitConversion.toCanonical(co, 1, "ppm").getAsDouble()).isCloseTo(1145.6, within(0.1));
    }

    @Test
    void temperaturesAndFlows() {
        Parameter temp = catalog.bySymbol(Medium.WATER, "Temp").orElseThrow();
        assertThat(UnitConversion.toCanonical(temp, 300.15, "K").getAsDouble()).isCloseTo(27.0, within(1e-9));
        assertThat(UnitConversion.toCanonical(temp, 27, "oC")).hasValue(27.0);
        Parameter flow = catalog.bySymbol(Medium.WATER, "Flow").orElseThrow();
        assertThat(UnitConversion.toCanonical(flow, 2, "l/s").getAsDouble()).isCloseTo(7.2, within(1e-9));
    }

    @Test
    void unknownUnitIsRefusedNotGuessed() {
        assertThat(UnitConversion.toCanonical(airSo2, 1, "furlongs")).isEmpty();
        Parameter pm = catalog.bySymbol(Medium.AIR, "PM2,5").orElseThrow();
        assertThat(UnitConversion.toCanonical(pm, 1, "ppb")).as("no molar mass for dust").isEmpty();
    }
}
