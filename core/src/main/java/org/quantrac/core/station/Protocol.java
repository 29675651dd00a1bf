package org.quantrac.core.station;

/** How a station delivers its data (see docs/station-protocol.md). */
public enum Protocol {
    /** JSON observations over MQTT. */
    MQTT_JSON,
    /** Circular 10/2021 text lines over MQTT. */
    MQTT_TT10,
    /** OPC UA server at the station, subscribed by the connector. */
    OPCUA,
    /** Circular 10/2021 .txt files pushed to the department's FTP landing folder. */
    TT10_FILE
}
