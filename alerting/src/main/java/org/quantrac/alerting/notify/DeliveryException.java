package org.quantrac.alerting.notify;

/** A message could not be delivered; {@code permanent} when retrying cannot help (a 4xx answer, a bad address). */
public final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
