package org.quantrac.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.testing.ServiceSource.Kind;

class ServiceSourceTest {

    @Test
    void variablesWinEvenWhenDockerAnswers() {
        ServiceSource s = ServiceSource.choose(Map.of("QUANTRAC_TEST_KAFKA", "127.0.0.1:19092",
                "QUANTRAC_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:15433/quantrac"), true);

        assertThat(s).isEqualTo(new ServiceSource(Kind.FROM_ENV,
                "using the services named by QUANTRAC_TEST_KAFKA, QUANTRAC_TEST_DB_URL"));
    }

    @Test
    void oneVariableIsEnoughToUseTheServices() {
        assertThat(ServiceSource.choose(Map.of("QUANTRAC_TEST_MQTT", "tcp://127.0.0.1:18830"), false).kind())
                .isEqualTo(Kind.FROM_ENV);
    }

    @Test
    void withoutVariablesDockerMeansTestcontainers() {
        ServiceSource s = ServiceSource.choose(Map.of("PATH", "/usr/bin"), true);

        assertThat(s.kind()).isEqualTo(Kind.TESTCONTAINERS);
        assertThat(s.message()).isEqualTo("no QUANTRAC_TEST_* variables and a Docker engine answers: starting "
                + "timescale/timescaledb, apache/kafka and eclipse-mosquitto with Testcontainers");
    }

    @Test
    void blankVariablesCountAsUnset() {
        assertThat(ServiceSource.choose(Map.of("QUANTRAC_TEST_KAFKA", " "), true).kind())
                .isEqualTo(Kind.TESTCONTAINERS);
    }

    @Test
    void withNeitherTheMessageNamesTheVariablesAndTheCommand() {
        ServiceSource s = ServiceSource.choose(Map.of(), false);

        assertThat(s.kind()).isEqualTo(Kind.MISSING);
        assertThat(s.message()).isEqualTo("integration tests need Kafka, TimescaleDB and Mosquitto, found through "
                + "QUANTRAC_TEST_KAFKA, QUANTRAC_TEST_MQTT, QUANTRAC_TEST_MQTT_CREDENTIALS, QUANTRAC_TEST_DB_URL. "
                + "Start them with `./quantrac services up` and export what `./quantrac services env` prints (or run "
                + "everything with `./quantrac test`); or run the tests where a Docker engine answers, and "
                + "Testcontainers starts timescale/timescaledb, apache/kafka and eclipse-mosquitto.");
    }

    @Test
    void otherQuantracTestVariablesDoNotCount() {
        // The DB user/password have defaults and say nothing about where the servers are.
        assertThat(ServiceSource.choose(Map.of("QUANTRAC_TEST_DB_USER", "me"), false).kind()).isEqualTo(Kind.MISSING);
        assertThat(ServiceSource.anySet(Map.of("QUANTRAC_TEST_DB_USER", "me"))).isFalse();
    }
}
