package org.quantrac.portal.query;

/** The requested station, parameter or entity does not exist (HTTP 404). */
public final class NotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
        super(message, null, false, false);
    }
}
