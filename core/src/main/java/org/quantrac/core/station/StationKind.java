package org.quantrac.core.station;

import org.quantrac.core.parameter.Medium;

/** The kinds of automatic station in a provincial network, each measuring one medium. */
public enum StationKind {
    AMBIENT_AIR(Medium.AIR),
    STACK_EMISSION(Medium.STACK),
    SURFACE_WATER(Medium.WATER),
    COASTAL_WATER(Medium.WATER),
    WASTEWATER(Medium.WATER);

    private final Medium medium;

    StationKind(Medium medium) {
        this.medium = medium;
    }

    public Medium medium() {
        return medium;
    }
}
