package org.quantrac.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.testing.TestServices;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;

/**
 * reading_latest end to end on real Kafka and TimescaleDB: after late and out-of-order readings, re-sent duplicates
 * with other values, and a restart over a table left wrong by a processor that stopped before flushing, it holds
 * exactly the newest stored reading of every series.
 */
class LatestValuesIT {

    private static final Duration STORED = Duration.ofSeconds(60);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private ProcessorApp start(ReadingsFixture f, PrometheusMeterRegistry registry) {
        ConfigSource source = ConfigSource.of(Map.of("kafka.bootstrapServers", TestServices.kafka(),
                "processor.batchSize", "2000", "processor.linger", "100ms", "processor.ops.host", "127.0.0.1",
                "processor.ops.port", "0", "processor.latestFlush", "200ms"));
        ProcessorApp app = ProcessorApp.start(ProcessorConfig.from(source).with(f.topic, f.group, f.database,
                f.schema), ReadingsFixture.CATALOG, registry);
        toClose.add(app);
        return app;
    }

    /** The table equals the ground truth's newest readings, and row for row the newest stored readings. */
    private static void awaitLatestIsNewestStored(ReadingsFixture f) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> f.latestTable().equals(f.newestSent()));
        assertThat(f.latestTable()).isEqualTo(f.newestSent());
        assertThat(f.latestRows(false)).as("time to the microsecond, value, status and QC flags")
                .isEqualTo(f.latestRows(true));
    }

    private static double counter(PrometheusMeterRegistry registry, String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void holdsTheNewestStoredReadingThroughLateAndReSentReadingsAndARestart() throws Exception {
        ReadingsFixture f = new ReadingsFixture(3);
        toClose.add(f);
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        ProcessorApp first = start(f, registry);

        f.produce(0, 20);
        await().atMost(STORED).until(() -> f.count() == f.sentCount());
        awaitLatestIsNewestStored(f);

        // Minute 25, then the late minutes 20..24 after it: the table must not go back to them.
        f.produce(25, 1);
        f.produce(20, 5);
        await().atMost(STORED).until(() -> f.count() == f.sentCount());
        awaitLatestIsNewestStored(f);

        // Minutes 20..25 re-sent with other values: stored values stay, and so do the latest ones.
        int resent = f.resend(20, 6);
        await().atMost(STORED).until(() -> counter(registry, "quantrac.processor.rows.duplicate") == resent);
        assertThat(counter(registry, "quantrac.processor.batches.fallback")).isPositive();
        f.assertStoredEqualsSent();
        awaitLatestIsNewestStored(f);
        assertThat(counter(registry, "quantrac.processor.latest.failures")).isZero();
        first.close();
        awaitLatestIsNewestStored(f);

        // What a processor that died before flushing leaves behind: series missing, others stale with wrong values.
        f.execute("DELETE FROM reading_latest WHERE station_id % 3 = 0");
        f.execute("UPDATE reading_latest SET time = time - interval '1 hour', value = -1 WHERE station_id % 3 = 1");
        // Newer minutes for even stations only, and the newest minute re-sent for all: the odd stations' rows are
        // only put right by the restarted processor's refresh from the readings.
        f.produce(26, 5, s -> s.id() % 2 == 0);
        f.resend(25, 1);
        PrometheusMeterRegistry registry2 = OpsServer.newRegistry();
        start(f, registry2);

        await().atMost(STORED).until(() -> f.count() == f.sentCount());
        awaitLatestIsNewestStored(f);
        f.assertStoredEqualsSent();
        assertThat(f.latestTable()).as("every series of the catalog").hasSize(ReadingsFixture.CATALOG.all().stream()
                .mapToInt(s -> s.parameters().size()).sum());
        assertThat(counter(registry2, "quantrac.processor.latest.failures")).isZero();
    }
}
