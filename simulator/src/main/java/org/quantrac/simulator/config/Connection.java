package org.quantrac.simulator.config;

/** How MQTT stations connect. */
public enum Connection {
    /** One connection per station with the station's own credentials, retained state and last will. */
    PER_STATION,
    /** A few shared connections as the gateway user (scale mode). */
    MULTIPLEXED
}
