package org.quantrac.launcher.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.moquette.broker.subscriptions.Topic;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The embedded broker's rules are Mosquitto's of scripts/services.sh. */
class StationAclTest {

    private final EmbeddedMqttBroker.StationAcl acl = new EmbeddedMqttBroker.StationAcl(Set.of("quantrac-connector"),
            "quantrac-gateway");

    @Test
    void aStationWritesOnlyBelowItsOwnCode() {
        assertThat(acl.canWrite(new Topic("stations/QN-AQ-01/data"), "QN-AQ-01", "c")).isTrue();
        assertThat(acl.canWrite(new Topic("stations/QN-AQ-01/state"), "QN-AQ-01", "c")).isTrue();
        assertThat(acl.canWrite(new Topic("stations/QN-AQ-02/data"), "QN-AQ-01", "c")).isFalse();
        // A code that is a prefix of another code is not that station.
        assertThat(acl.canWrite(new Topic("stations/QN-AQ-011/data"), "QN-AQ-01", "c")).isFalse();
        assertThat(acl.canWrite(new Topic("other/QN-AQ-01/data"), "QN-AQ-01", "c")).isFalse();
    }

    @Test
    void theGatewayWritesForEveryStationAndOnlyTheConnectorReads() {
        assertThat(acl.canWrite(new Topic("stations/QN-AQ-02/data"), "quantrac-gateway", "g")).isTrue();
        assertThat(acl.canRead(new Topic("stations/#"), "quantrac-connector", "r")).isTrue();
        assertThat(acl.canRead(new Topic("stations/#"), "QN-AQ-01", "s")).isFalse();
        assertThat(acl.canRead(new Topic("stations/#"), null, "anonymous")).isFalse();
    }
}
