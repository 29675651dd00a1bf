package org.quantrac.portal.query;

/** A request the API cannot answer as asked; the message tells the client what to change (HTTP 400). */
public final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
        super(message, null, false, false);
    }
}
