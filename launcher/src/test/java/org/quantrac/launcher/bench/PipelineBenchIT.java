package org.quantrac.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.quantrac.core.testing.TestServices;

/**
 * {@code ./quantrac bench pipeline} end to end on the real services, small: every published reading is stored once
 * with its value (checked against the simulator's ground truth by the bench itself) and the JSON line carries the
 * contract's fields. The figures are not asserted: speed is measured by the command, not by tests.
 */
class PipelineBenchIT {

    private static Map<String, String> services() {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrapServers", TestServices.kafka());
        s.put("db.url", TestServices.dbUrl());
        s.put("db.user", TestServices.dbUser());
        s.put("db.password", TestServices.dbPassword());
        s.put("connectors.mqtt.serverUri", TestServices.mqtt());
        s.put("connectors.mqtt.password", TestServices.mqttCredentials().getProperty("quantrac-connector"));
        s.put("simulator.mqtt.serverUri", TestServices.mqtt());
        s.put("simulator.credentialsFile", TestServices.mqttCredentialsFile().toString());
        s.put("simulator.mqtt.password", TestServices.mqttCredentials().getProperty("quantrac-gateway"));
        return s;
    }

    @Test
    void maxRateWithAPreparedLoadStoresEveryReadingOnceAndPrintsTheContract() throws Exception {
        assumeTrue(System.getenv("QUANTRAC_TEST_KAFKA") != null, "needs the services of `./quantrac services up`");
        Set<String> topicsBefore = benchTopics();
        PipelineResult r = PipelineBench.run(new PipelineLoad(30, 4, Duration.ofSeconds(1),
                Duration.ofSeconds(20), true, 1, "hivemq", false, Duration.ofSeconds(5), "vertx",
                // 600 observations, gated every 500: the second gate waits until 300 of them are stored
                200, Map.of("processor.consumers", "2")), services());

        // 5 s of warm-up before the 20 s measured: stored and checked like them
        assertThat(r.published()).isEqualTo(30L * 4 * 25);
        assertThat(r.warmupReadings()).isEqualTo(30L * 4 * 5);
        assertThat(r.stored()).isEqualTo(r.published());
        assertThat(r.lost()).isZero();
        assertThat(r.wrong()).isZero();
        // A run this small may commit everything in a few transactions, which leaves the steady window (the middle
        // 80 % of commit times) empty and the rate 0: the figure is for real runs, here only its presence counts.
        assertThat(r.readingsPerS()).isFinite().isNotNegative();
        assertThat(r.sinkRowsPerS()).isPositive();
        assertThat(r.loadPrepared()).isTrue();
        assertThat(r.alertsOpened()).as("alerting is off at --rate max by default").isNull();
        assertThat(r.toJson()).contains("\"stations\":30,", "\"published\":3000,", "\"stored\":3000,", "\"lost\":0,",
                "\"wrong\":0,", "\"readings_per_s\":", "\"latency_ms_p50\":null", "\"latency_ms_p99\":null",
                "\"sink_rows_per_s\":", "\"ratio\":", "\"alerting\":false", "\"alerts_opened\":null",
                "\"load_prepared\":true", "\"warmup_readings\":600,", "\"simulator_client\":\"vertx\"",
                "\"max_lead\":200,", "\"settings\":{\"processor.consumers\":\"2\"}");
        // the run's topics go with its schema
        assertThat(benchTopics()).isEqualTo(topicsBefore);
    }

    private static Set<String> benchTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("bench.")).collect(Collectors.toSet());
        }
    }

    @Test
    void fixedRateWithAWarmUpAndAlertingMeasuresLatencyAndOpensAlerts() throws Exception {
        assumeTrue(System.getenv("QUANTRAC_TEST_KAFKA") != null, "needs the services of `./quantrac services up`");
        // The bench rule watches PM2.5 with a limit the run's own readings exceed 4 % of the time (BenchAlertsTest):
        // ~700 openings a minute at 1,400 stations at any hour, so about ten expected here
        PipelineResult r = PipelineBench.run(new PipelineLoad(120, 10, Duration.ofSeconds(1),
                Duration.ofSeconds(10), false, 1, "hivemq", true, Duration.ofSeconds(3), "paho", 0, Map.of()),
                services());

        // the warm-up is the run's first 3 s (the simulator starts within the second before): stored and checked
        // like the rest, left out of the rate and the latencies
        assertThat(r.warmupReadings()).isBetween(120L * 10 * 2, 120L * 10 * 4);
        assertThat(r.stored()).isGreaterThan(r.warmupReadings() + 120L * 10 * 9);
        assertThat(r.toJson()).contains("\"warmup_readings\":" + r.warmupReadings() + ",");
        assertThat(r.lost()).isZero();
        assertThat(r.wrong()).isZero();
        assertThat(r.stored()).isEqualTo(r.published()).isPositive();
        assertThat(r.latencyMsP50()).isNotNull().isPositive();
        assertThat(r.latencyMsP99()).isNotNull().isGreaterThanOrEqualTo(r.latencyMsP50());
        assertThat(r.loadPrepared()).isFalse();
        assertThat(r.alertsOpened()).as("the bench rule (PM2.5 above 40) is crossed within seconds").isPositive();
        assertThat(r.toJson()).contains("\"alerting\":true", "\"load_prepared\":false");
    }
}
