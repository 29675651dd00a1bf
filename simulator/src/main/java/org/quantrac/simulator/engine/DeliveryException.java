package org.quantrac.simulator.engine;

/** An observation could not be delivered; {@code reason} is a short code counted in the ground truth. */
public final class DeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public DeliveryException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
