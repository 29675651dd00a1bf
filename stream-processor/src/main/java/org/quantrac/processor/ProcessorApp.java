package org.quantrac.processor;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.db.Database;
import org.quantrac.core.db.SchemaMigration;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.processor.db.ProcessorSchema;
import org.quantrac.processor.kafka.IngestLoop;
import org.quantrac.processor.kafka.ObservationDecoder;
import org.quantrac.processor.kafka.Rejects;
import org.quantrac.processor.latest.LatestFlusher;
import org.quantrac.processor.latest.LatestValues;
import org.quantrac.processor.qc.LateReadings;
import org.quantrac.processor.qc.QualityControl;
import org.quantrac.processor.qc.SeriesChecks;
import org.quantrac.processor.qc.SeriesLimits;
import org.quantrac.processor.rollup.AqiUpdater;
import org.quantrac.processor.rollup.RollupMarks;
import org.quantrac.processor.rollup.RollupScheduler;
import org.quantrac.processor.rollup.RollupWorker;
import org.quantrac.processor.sink.OffsetStore;
import org.quantrac.processor.sink.ReadingSink;
import org.quantrac.processor.sink.SinkMetrics;
import org.quantrac.processor.sink.TransientRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream processor role, wired from its configuration: a database pool (schema migrated and seeded unless told
 * otherwise), consumer loops on their own threads writing batches to TimescaleDB, the latest-values flusher, the rollup
 * worker, and the /metrics and /health server.
 */
public final class ProcessorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);
    /** A loop that has not polled for this long is not ready (it is retrying a database error or stuck). */
    private static final Duration POLL_STALE = Duration.ofSeconds(30);

    private final ProcessorConfig config;
    private final HikariDataSource dataSource;
    private final SinkMetrics metrics;
    private final List<IngestLoop> loops = new ArrayList<>();
    private final List<Thread> loopThreads = new ArrayList<>();
    /** Counted down when any consumer loop ends: one failing loop must stop the whole process. */
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private final ScheduledExecutorService probe;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean databaseUp = true;
    private Vertx vertx;
    private OpsServer ops;
    private RollupScheduler rollups;
    private LatestFlusher latest;

    private ProcessorApp(ProcessorConfig config, HikariDataSource dataSource, SinkMetrics metrics) {
        this.config = config;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "processor-db-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the processor and returns once it is ready: database reachable (and migrated), every consumer in its
     * group with its partitions sought to the stored offsets, ops server listening.
     *
     * @throws IllegalStateException when it cannot become ready within {@code processor.startTimeout}
     */
    public static ProcessorApp start(ProcessorConfig config, StationCatalog catalog,
                                     PrometheusMeterRegistry registry) {
        // one connection per consumer loop, plus the rollup worker, the latest-values flusher and the readiness probe
        DatabaseConfig db = config.schemaDatabase();
        int poolSize = Math.max(db.poolSize(), config.consumers() + 3);
        HikariDataSource ds = Database.pool(new DatabaseConfig(db.url(), db.user(), db.password(), poolSize),
                "processor");
        ProcessorApp app = null;
        try {
            if (config.migrate()) {
                SchemaMigration.migrate(ds, config.schema(), catalog);
                ProcessorSchema.migrate(ds, config.schema());
            }
            SinkMetrics metrics = new SinkMetrics(registry);
            app = new ProcessorApp(config, ds, metrics);
            OffsetStore offsets = new OffsetStore(config.groupId());
            TransientRetry retry = new TransientRetry(config.retryGiveUpAfter(), metrics::retried);
            Rejects rejects = new Rejects(registry);
            SeriesLimits limits = SeriesLimits.builtIn(catalog.parameters());
            // shared by the loops: they record what they committed, the flusher writes it (and refreshes at start)
            LatestValues latestValues = new LatestValues();
            app.latest = new LatestFlusher(ds, latestValues, catalog.all(), config.latestFlush(), registry);
            for (int i = 0; i < config.consumers(); i++) {
                // per loop: series state, batch and encoder are single-threaded; partitions (and so stations) are
                // disjoint between the loops of a group
                SeriesChecks series = config.seriesQc() ? new SeriesChecks(limits) : null;
                ObservationDecoder decoder = new ObservationDecoder(catalog, new QualityControl(), series, rejects);
                ReadingSink sink = config.rollup().enabled()
                        ? new ReadingSink(ds, offsets, List.of(new LateReadings(ProcessorApp::nowMicros)),
                                List.of(new RollupMarks()), latestValues::record)
                        : new ReadingSink(ds, offsets, List.of(), List.of(), latestValues::record);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(config),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                app.loops.add(new IngestLoop(consumer, config.topic(), decoder, sink, offsets, ds, metrics, retry,
                        config.batchSize(), config.linger(), app.latest::requestRefresh));
            }
            if (config.rollup().enabled()) {
                RollupWorker worker = new RollupWorker(ds, config.rollup(),
                        new AqiUpdater(catalog.parameters(), config.rollup().zone()));
                app.rollups = new RollupScheduler(worker, config.rollup(), registry);
            }
            app.run(registry);
            return app;
        } catch (RuntimeException e) {
            if (app != null) {
                app.close();
            } else {
                ds.close();
            }
            throw e;
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static Properties consumerProperties(ProcessorConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.kafka().clientIdPrefix() + "-processor-"
                + UUID.randomUUID().toString().substring(0, 8));
        // Offsets live in the database, written with the rows; Kafka's copy is for lag monitoring only.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int maxPollRecords = Math.max(500, Math.min(config.batchSize(), 10_000));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(config.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(config.sessionTimeout().toMillis() / 3));
        // The loop does not poll while it retries the database; the group must not evict it meanwhile.
        long maxPollInterval = Math.max(300_000L, config.retryGiveUpAfter().toMillis() + 60_000L);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(maxPollInterval));
        return p;
    }

    private void run(PrometheusMeterRegistry registry) {
        for (int i = 0; i < loops.size(); i++) {
            IngestLoop loop = loops.get(i);
            Thread t = new Thread(() -> {
                try {
                    loop.run();
                } finally {
                    loopEnded.countDown();
                }
            }, "processor-" + i + "-" + config.topic());
            loopThreads.add(t);
            t.start();
        }
        try {
            long deadline = System.nanoTime() + config.startTimeout().toNanos();
            for (IngestLoop loop : loops) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!loop.awaitAssignment(left)) {
                    Throwable cause = loop.failure();
                    throw new IllegalStateException("stream processor not ready within " + config.startTimeout()
                            + ": no partition assignment from Kafka at " + config.kafka().bootstrapServers()
                            + " for topic " + config.topic() + (cause == null ? "" : " (" + cause + ")"), cause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the stream processor", e);
        }
        probe.scheduleWithFixedDelay(this::probeDatabase, 5, 5, TimeUnit.SECONDS);
        Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
        readiness.put("database", () -> databaseUp);
        readiness.put("kafka", () -> loops.stream().allMatch(l -> l.polledWithin(POLL_STALE)));
        vertx = Vertx.vertx();
        ops = OpsServer.start(vertx, config.opsHost(), config.opsPort(), registry, readiness);
        LOG.info("Stream processor ready [topic: {}] [group: {}] [schema: {}] with {} consumer(s), ops on port {}",
                config.topic(), config.groupId(), config.schema(), loops.size(), ops.port());
    }

    private void probeDatabase() {
        try (Connection c = dataSource.getConnection()) {
            databaseUp = c.isValid(2);
        } catch (SQLException e) {
            databaseUp = false;
        }
    }

    /** The port of /metrics and /health. */
    public int opsPort() {
        return ops.port();
    }

    public SinkMetrics metrics() {
        return metrics;
    }

    /**
     * Blocks until the processor stops: normally after {@link #close()}; with the error when a consumer loop failed
     * (a non-transient or persistent database error) — the other loops are then stopped too — so a command can exit
     * non-zero.
     */
    public void awaitTermination() throws InterruptedException {
        loopEnded.await();
        Throwable failure = failure();
        if (failure != null) {
            close();
            throw new IllegalStateException("stream processor failed: " + failure.getMessage(), failure);
        }
        for (Thread t : loopThreads) {
            t.join();
        }
    }

    /** The error that stopped a consumer loop, or null while none has. */
    public Throwable failure() {
        for (IngestLoop loop : loops) {
            if (loop.failure() != null) {
                return loop.failure();
            }
        }
        return null;
    }

    /** Whether a consumer loop has stopped on its own with an error. */
    public boolean failed() {
        return failure() != null;
    }

    /** Stores the pending batch, leaves the group and releases everything. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loops.forEach(IngestLoop::stop);
        try {
            for (Thread t : loopThreads) {
                t.join(60_000);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(10_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.shutdownNow();
        if (latest != null) {
            latest.close(); // after the loops stored their last batches: flushes their values
        }
        if (rollups != null) {
            rollups.close();
        }
        if (ops != null) {
            ops.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        dataSource.close();
        LOG.info("Stream processor stopped [topic: {}]", config.topic());
    }
}
