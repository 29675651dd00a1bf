package org.quantrac.core.testing;

import java.util.List;
import java.util.Map;

/**
 * Where the integration tests' servers come from. The services {@code ./quantrac services up} starts, announced by
 * {@code QUANTRAC_TEST_*} variables, always win (CI and these machines have no Docker engine); without them, a
 * contributor with a Docker engine gets TimescaleDB, Kafka and Mosquitto from Testcontainers; with neither, the test
 * fails with a message saying what it needs and how to get it.
 *
 * @param kind    the choice
 * @param message why, for the failure message or a log line
 */
public record ServiceSource(Kind kind, String message) {

    public enum Kind {
        /** The {@code QUANTRAC_TEST_*} variables name running servers. */
        FROM_ENV,
        /** No variables, but a Docker engine answers: start containers. */
        TESTCONTAINERS,
        /** Neither: the test cannot run. */
        MISSING
    }

    /** The variables {@code ./quantrac services env} prints; any one of them means "use the services". */
    public static final List<String> VARIABLES = List.of("QUANTRAC_TEST_KAFKA", "QUANTRAC_TEST_MQTT",
            "QUANTRAC_TEST_MQTT_CREDENTIALS", "QUANTRAC_TEST_DB_URL");

    static final String IMAGES = "timescale/timescaledb, apache/kafka and eclipse-mosquitto";

    /**
     * Chooses the source. {@code dockerAvailable} is only consulted when no variable is set, so callers may pass a
     * cheap {@code false} once they know a variable is set.
     */
    public static ServiceSource choose(Map<String, String> env, boolean dockerAvailable) {
        List<String> set = VARIABLES.stream().filter(v -> env.get(v) != null && !env.get(v).isBlank()).toList();
        if (!set.isEmpty()) {
            return new ServiceSource(Kind.FROM_ENV, "using the services named by " + String.join(", ", set));
        }
        if (dockerAvailable) {
            return new ServiceSource(Kind.TESTCONTAINERS, "no QUANTRAC_TEST_* variables and a Docker engine answers: "
                    + "starting " + IMAGES + " with Testcontainers");
        }
        return new ServiceSource(Kind.MISSING, "integration tests need Kafka, TimescaleDB and Mosquitto, found "
                + "through " + String.join(", ", VARIABLES) + ". Start them with `./quantrac services up` and export "
                + "what `./quantrac services env` prints (or run everything with `./quantrac test`); or run the "
                + "tests where a Docker engine answers, and Testcontainers starts " + IMAGES + ".");
    }

    /** Whether any of the {@link #VARIABLES} is set (then Docker need not be asked). */
    static boolean anySet(Map<String, String> env) {
        return choose(env, false).kind() == Kind.FROM_ENV;
    }
}
