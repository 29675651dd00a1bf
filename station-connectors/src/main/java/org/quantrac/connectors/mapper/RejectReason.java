package org.quantrac.connectors.mapper;

/** Why input was not accepted; the codes of docs/station-protocol.md#errors, written to the dead-letter topic. */
public enum RejectReason {
    PAYLOAD_TOO_LARGE,
    MALFORMED_JSON,
    MALFORMED_TT10,
    MISSING_FIELD,
    BAD_TIME,
    UNKNOWN_STATION,
    STATION_MISMATCH,
    UNKNOWN_PARAMETER,
    UNKNOWN_UNIT,
    NOT_A_NUMBER,
    BAD_STATUS,
    TIME_IN_FUTURE,
    TIME_TOO_OLD
}
