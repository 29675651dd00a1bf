package org.quantrac.simulator.scenario;

/** A scenario file is wrong; the message says where (e.g. {@code faults[2].duration}) and what is expected. */
public final class ScenarioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}
