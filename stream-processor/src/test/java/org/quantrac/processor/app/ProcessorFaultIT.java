package org.quantrac.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.testing.TcpProxy;
import org.quantrac.core.testing.TestServices;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;

/**
 * Faults on the real servers: a processor killed with SIGKILL mid-stream, a second processor joining the group, and
 * the database unreachable for a minute (cut for this processor only, through a TCP proxy). Each ends with exactly the
 * sent readings and hourly and local-day rollups equal to those computed from them.
 */
class ProcessorFaultIT {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private ReadingsFixture fixture(int partitions) throws Exception {
        ReadingsFixture f = new ReadingsFixture(partitions);
        toClose.add(f);
        return f;
    }

    private ProcessorApp start(ReadingsFixture f, PrometheusMeterRegistry registry) {
        return start(f, registry, 1);
    }

    private ProcessorApp start(ReadingsFixture f, PrometheusMeterRegistry registry, int consumers) {
        ConfigSource source = ConfigSource.of(Map.of("kafka.bootstrapServers", TestServices.kafka(),
                "processor.batchSize", "2000", "processor.linger", "100ms", "processor.ops.host", "127.0.0.1",
                "processor.ops.port", "0", "processor.consumers", String.valueOf(consumers),
                // rollups every second with no delay: hours are rolled up while readings still arrive
                "processor.rollup.interval", "1s", "processor.rollup.delay", "0s"));
        ProcessorApp app = ProcessorApp.start(ProcessorConfig.from(source).with(f.topic, f.group, f.database,
                f.schema), ReadingsFixture.CATALOG, registry);
        toClose.add(app);
        return app;
    }

    private static double counter(PrometheusMeterRegistry registry, String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void processorKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        ReadingsFixture f = fixture(3);
        int total = f.produce(0, 240); // 140 stations x 4 hours

        ProcessBuilder pb = new ProcessBuilder(
                new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ProcessorMain.class.getName());
        pb.environment().put("QUANTRAC_KAFKA_BOOTSTRAP_SERVERS", TestServices.kafka());
        pb.environment().put("QUANTRAC_DB_URL", f.database.url());
        pb.environment().put("QUANTRAC_DB_USER", f.database.user());
        pb.environment().put("QUANTRAC_DB_PASSWORD", f.database.password());
        pb.environment().put("QUANTRAC_PROCESSOR_TOPIC", f.topic);
        pb.environment().put("QUANTRAC_PROCESSOR_GROUP_ID", f.group);
        pb.environment().put("QUANTRAC_PROCESSOR_SCHEMA", f.schema);
        pb.environment().put("QUANTRAC_PROCESSOR_BATCH_SIZE", "500");
        pb.environment().put("QUANTRAC_PROCESSOR_OPS_PORT", "0");
        pb.redirectErrorStream(true).redirectOutput(new File("target/processor-killed-" + f.topic + ".log"));
        Process child = pb.start();
        long atKill;
        try {
            // ignoreExceptions: until the child has migrated the schema there is no reading table
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> f.count() >= 20_000 || !child.isAlive());
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no last batch, no Kafka commit
            child.waitFor();
            atKill = f.count();
        } finally {
            child.destroyForcibly();
        }
        assertThat(atKill).as("killed mid-stream").isBetween(20_000L, total - 1L);

        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        start(f, registry);

        await().atMost(Duration.ofSeconds(90)).until(() -> f.storedOffsets().equals(f.endOffsets()));
        f.assertStoredEqualsSent();
        assertThat(f.count()).isEqualTo(total);
        // The restart resumed where the database said: every row it wrote was new, none was read twice.
        assertThat(counter(registry, "quantrac.processor.rows.written")).isEqualTo(total - atKill);
        assertThat(counter(registry, "quantrac.processor.rows.duplicate")).isZero();
        f.awaitRollupsEqualSent();
    }

    @Test
    void secondProcessorJoiningAndFirstLeavingKeepEveryRowOnce() throws Exception {
        ReadingsFixture f = fixture(4);
        f.produce(0, 30);
        PrometheusMeterRegistry first = OpsServer.newRegistry();
        ProcessorApp app1 = start(f, first);
        await().atMost(Duration.ofSeconds(60)).until(() -> f.count() == f.sentCount());

        PrometheusMeterRegistry second = OpsServer.newRegistry();
        start(f, second); // rebalance: partitions are split between the two
        f.produce(30, 60);
        await().atMost(Duration.ofSeconds(60)).until(() -> f.count() == f.sentCount());
        assertThat(counter(second, "quantrac.processor.rows.written")).as("the newcomer got partitions").isPositive();

        app1.close(); // rebalance: the second takes everything
        f.produce(90, 30);
        await().atMost(Duration.ofSeconds(60)).until(() -> f.storedOffsets().equals(f.endOffsets()));

        f.assertStoredEqualsSent();
        assertThat(counter(first, "quantrac.processor.rows.written")
                + counter(second, "quantrac.processor.rows.written")).isEqualTo(f.sentCount());
        assertThat(counter(first, "quantrac.processor.rows.duplicate")
                + counter(second, "quantrac.processor.rows.duplicate")).isZero();
        f.awaitRollupsEqualSent();
    }

    @Test
    void severalConsumerLoopsInOneProcessShareThePartitions() throws Exception {
        ReadingsFixture f = fixture(4);
        f.produce(0, 60);
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        ProcessorApp app = start(f, registry, 2);

        await().atMost(Duration.ofSeconds(60)).until(() -> f.storedOffsets().equals(f.endOffsets()));
        f.assertStoredEqualsSent();
        assertThat(counter(registry, "quantrac.processor.rows.written")).isEqualTo(f.sentCount());
        assertThat(counter(registry, "quantrac.processor.rows.duplicate")).isZero();
        assertThat(app.failed()).isFalse();
        f.awaitRollupsEqualSent();
    }

    @Test
    void databaseUnreachableForAMinuteMidStreamEndsWithEveryRowOnce() throws Exception {
        ReadingsFixture f = fixture(3);
        URI db = URI.create(f.database.url().substring("jdbc:".length()));
        TcpProxy proxy = new TcpProxy(db.getHost(), db.getPort());
        toClose.add(proxy);
        String viaProxy = f.database.url().replace(db.getHost() + ":" + db.getPort(), "127.0.0.1:" + proxy.port());
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        ConfigSource source = ConfigSource.of(Map.of("kafka.bootstrapServers", TestServices.kafka(),
                "processor.batchSize", "2000", "processor.ops.host", "127.0.0.1", "processor.ops.port", "0",
                "processor.rollup.interval", "1s", "processor.rollup.delay", "0s"));
        ProcessorApp app = ProcessorApp.start(ProcessorConfig.from(source).with(f.topic, f.group,
                new DatabaseConfig(viaProxy, f.database.user(), f.database.password(), 4), f.schema),
                ReadingsFixture.CATALOG, registry);
        toClose.add(app);
        f.produce(0, 30);
        await().atMost(Duration.ofSeconds(60)).until(() -> f.count() == f.sentCount());
        long beforeOutage = f.count();

        proxy.cut();
        f.produce(30, 30);
        // For a minute nothing can be stored, the processor reports the database down and keeps retrying.
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(app) == 503);
        await().during(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(75))
                .until(() -> f.count() == beforeOutage && !app.failed());
        proxy.restore();

        await().atMost(Duration.ofSeconds(90)).until(() -> f.storedOffsets().equals(f.endOffsets()));
        f.assertStoredEqualsSent();
        assertThat(counter(registry, "quantrac.processor.batches.retried")).isPositive();
        assertThat(counter(registry, "quantrac.processor.rows.written")).isEqualTo(f.sentCount());
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(app) == 200);
        f.awaitRollupsEqualSent();
    }

    private static int ready(ProcessorApp app) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.opsPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
