package org.quantrac.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.testing.LocalServices;
import org.quantrac.core.testing.TestServices;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;

/**
 * The real Kafka broker stopped and started again (with {@code scripts/services.sh}, like the launcher's OutageIT)
 * while the processor is consuming a backlog: afterwards every reading is stored exactly once with its value and the
 * hourly and daily rollups equal those computed from the ground truth.
 *
 * <p>It stops a shared service: run it under {@code flock -x /tmp/quantrac-services.lock}. It restores Kafka in any
 * case.
 */
class KafkaRestartIT {


    @Test
    void kafkaBrokerRestartMidStreamLosesAndDuplicatesNothingAndRollupsAreExact() throws Exception {
        assumeTrue(System.getenv("QUANTRAC_TEST_KAFKA") != null,
                "needs the services of `./quantrac services up` (QUANTRAC_TEST_* set): it stops and starts Kafka");
        try (ReadingsFixture f = new ReadingsFixture(3)) {
            PrometheusMeterRegistry registry = OpsServer.newRegistry();
            // Small batches (one transaction each) make many commits on each side of the stop. Rollups run every
            // second with no delay, so hours are rolled up while readings still arrive (LATE, still valid).
            ConfigSource source = ConfigSource.of(Map.of("kafka.bootstrapServers", TestServices.kafka(),
                    "processor.batchSize", "20", "processor.linger", "50ms", "processor.ops.host", "127.0.0.1",
                    "processor.ops.port", "0", "processor.rollup.interval", "1s", "processor.rollup.delay", "0s"));
            try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.from(source).with(f.topic, f.group, f.database,
                    f.schema), ReadingsFixture.CATALOG, registry)) {
                int firstHour = f.produce(0, 60); // every catalog station, one observation a minute
                await("the first hour stored").atMost(Duration.ofSeconds(60)).until(() -> f.count() >= firstHour);
                try {
                    int backlog;
                    long atStop;
                    try (Connection gate = f.connect()) {
                        // The stop must land mid-stream however fast this machine stores (CI runs stored a whole
                        // 4-hour backlog before the broker was down, once even before start returned): hold the
                        // processor's next commit (its offsets upsert, in the same transaction as the rows, waits for
                        // this lock), give it 3 more hours, stop the broker once a commit waits, then let go.
                        gate.setAutoCommit(false);
                        try (Statement st = gate.createStatement()) {
                            st.execute("LOCK TABLE ingest_offset IN SHARE MODE");
                        }
                        backlog = firstHour + f.produce(60, 180);
                        await("a commit waits for the lock").atMost(Duration.ofSeconds(60))
                                .until(() -> commitsWaiting(gate) > 0);
                        atStop = f.count();
                        LocalServices.run("down", "kafka");
                        gate.commit();
                    }
                    assertThat(atStop).as("the broker stopped mid-stream (%d of %d readings stored)", atStop, backlog)
                            .isGreaterThanOrEqualTo(firstHour).isLessThan(backlog);
                    // The broker is away for 10 s: the processor stores what it had fetched and keeps waiting.
                    await("the processor waits for the stopped broker without failing").during(Duration.ofSeconds(10))
                            .atMost(Duration.ofSeconds(15)).until(() -> {
                                if (app.failed()) {
                                    throw new AssertionError("the processor failed", app.failure());
                                }
                                return true;
                            });
                } finally {
                    LocalServices.run("up", "kafka");
                }
                f.produce(240, 120); // 2 more hours, produced to the restarted broker

                // A slow machine takes a while to restart the broker, rejoin the group and catch up: 180 s.
                await("every offset stored after the restart").atMost(Duration.ofSeconds(180))
                        .until(() -> {
                            if (app.failed()) {
                                throw new AssertionError("the processor failed", app.failure());
                            }
                            return f.storedOffsets().equals(f.endOffsets());
                        });
                assertThat(app.failure()).as("the processor's failure").isNull();
                f.assertStoredEqualsSent();
                assertThat(registry.get("quantrac.processor.rows.written").counter().count())
                        .isEqualTo(f.sentCount());
                assertThat(registry.get("quantrac.processor.rows.duplicate").counter().count()).isZero();

                f.awaitRollupsEqualSent();
            }
        }
    }

    /** Lock requests on this schema's {@code ingest_offset} that wait (the processor's commits held by the test). */
    private static long commitsWaiting(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks "
                + "WHERE NOT granted AND relation = 'ingest_offset'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
