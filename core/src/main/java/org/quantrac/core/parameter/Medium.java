package org.quantrac.core.parameter;

/** What is measured: a parameter symbol is only unique within its medium (SO2 in ambient air is not SO2 in a stack). */
public enum Medium {
    AIR,
    STACK,
    WATER
}
