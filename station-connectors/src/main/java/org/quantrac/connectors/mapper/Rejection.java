package org.quantrac.connectors.mapper;

import java.util.Objects;

/**
 * One piece of input that was not accepted: a whole message, a JSON value entry or a TT10 line.
 *
 * @param detail says what was wrong and what to fix, for the station operator
 */
public record Rejection(RejectReason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
