package org.quantrac.connectors.mapper;

import org.quantrac.core.record.v1.Source;

/** The payload formats of docs/station-protocol.md, with the record source each one is tagged with. */
public enum PayloadFormat {
    /** {@code stations/{code}/data}: one JSON observation. */
    JSON(Source.MQTT_JSON),
    /** {@code stations/{code}/tt10}: Circular 10/2021 text lines. */
    TT10(Source.MQTT_TT10),
    /** A Circular 10/2021 {@code .txt} file dropped in the landing folder. */
    TT10_FILE(Source.TT10_FILE),
    /** Values an OPC UA server published for a subscription (mapped by {@link OpcUaValueMapper}). */
    OPCUA(Source.OPCUA);

    private final Source source;

    PayloadFormat(Source source) {
        this.source = source;
    }

    public Source source() {
        return source;
    }
}
