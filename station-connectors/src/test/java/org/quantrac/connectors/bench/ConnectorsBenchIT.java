package org.quantrac.connectors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.core.config.MqttConfig;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

class ConnectorsBenchIT {

    @Test
    void everyPublishedObservationIsCountedWithItsLatency() throws Exception {
        ConnectorsConfig config = new ConnectorFixture().config();
        MqttConfig gateway = new MqttConfig(TestServices.mqtt(), "quantrac-gateway",
                TestServices.mqttCredentials().getProperty("quantrac-gateway"), "", "");

        BenchResult r = ConnectorsBench.run(new BenchOptions(20, Duration.ofSeconds(1), Duration.ofSeconds(3), 2),
                config, gateway, StationCatalog.builtIn());

        // Ticks at 0, 1 and 2 s for 20 stations.
        assertThat(r.published()).isEqualTo(60);
        assertThat(r.accepted()).isEqualTo(60);
        assertThat(r.dlq()).isZero();
        assertThat(r.latencyMsP50()).isPositive().isLessThanOrEqualTo(r.latencyMsP99());
        assertThat(r.latencyMsP99()).isLessThanOrEqualTo(r.latencyMsMax());
        assertThat(r.toJson()).startsWith("{\"stations\":20,\"interval_ms\":1000,").contains("\"published\":60,")
                .contains("\"accepted\":60,\"dlq\":0,");
    }

    @Test
    void percentiles() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ConnectorsBench.percentile(sorted, 0.5)).isEqualTo(5);
        assertThat(ConnectorsBench.percentile(sorted, 0.99)).isEqualTo(10);
        assertThat(ConnectorsBench.percentile(new long[0], 0.5)).isZero();
    }
}
