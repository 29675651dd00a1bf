package org.quantrac.simulator.config;

/** Which transport the simulated stations use ({@code --protocol}). */
public enum ProtocolChoice {
    /** Each station as the catalog says (MQTT JSON, MQTT TT10, TT10 files, OPC UA). */
    MIXED,
    /** Every station publishes MQTT JSON. */
    MQTT,
    /** Every station publishes Circular 10/2021 text over MQTT. */
    TT10,
    /** Every station writes Circular 10/2021 files into the landing folder. */
    FILES,
    /** Every station is served by the OPC UA server. */
    OPCUA
}
