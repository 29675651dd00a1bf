package org.quantrac.launcher.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.quantrac.alerting.AlertingApp;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.bench.SinkBenchmark;
import org.quantrac.processor.config.ProcessorConfig;
import org.quantrac.simulator.SimulatorApp;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.config.SyntheticStations;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.truth.GroundTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on the real services: simulator (scale mode, multiplexed MQTT) → Mosquitto → connectors → Kafka →
 * processor → TimescaleDB, in its own topics and schema, then a check of every stored row against what the simulator
 * sent (its signal model is a pure function of seed, station, parameter and time, so the expected value of any row can
 * be recomputed) and a raw-COPY run of the same database for the ratio.
 */
public final class PipelineBench {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBench.class);
    private static final long SEED = 20211010L;

    private PipelineBench() {
    }

    /**
     * @param load     what to offer and how
     * @param services addresses and credentials of the running services
     */
    public static PipelineResult run(PipelineLoad load, Map<String, String> services) throws Exception {
        int stations = load.stations();
        boolean max = load.max();
        Duration duration = load.duration();
        String mqttClient = load.mqttClient();
        boolean alerting = load.alerting();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String schema = "bench_pipeline_" + run;
        String topic = "bench.readings." + run;
        Duration sampling = max ? Duration.ofSeconds(1) : load.interval();
        StationCatalog base = StationCatalog.builtIn();
        List<Station> synthetic = SyntheticStations.create(stations, load.parameters(), sampling, base.parameters());
        // Only the synthetic stations: anything else on the shared broker is dead-lettered, not stored and counted.
        StationCatalog catalog = new StationCatalog(synthetic, base.parameters());

        Map<String, String> s = new HashMap<>(services);
        s.put("processor.schema", schema);
        s.put("processor.topic", topic);
        s.put("processor.groupId", "bench-processor-" + run);
        s.put("processor.ops.port", "0");
        // The hourly rollup re-reads whole hours; it is a background task measured separately, not the ingest path.
        s.put("processor.rollup.enabled", "false");
        s.put("connectors.mqtt.clientId", "bench-connector-" + run);
        s.put("connectors.mqtt.shareGroup", "bench-" + run);
        s.put("connectors.topics.readings", topic);
        s.put("connectors.topics.dlq", "bench.dlq." + run);
        s.put("connectors.topics.stationEvents", "bench.events." + run);
        s.put("connectors.ops.port", "0");
        s.put("connectors.buffer.dir", Path.of(System.getProperty("java.io.tmpdir"), "quantrac-bench-" + run)
                .toString());
        s.put("connectors.mqtt.sessionExpiry", "60s");
        if (mqttClient.equals("paho") || mqttClient.equals("vertx")) {
            // The Vert.x client speaks MQTT 3.1.1 only; Paho on 3.1.1 too for a like-for-like comparison.
            s.put("connectors.mqtt.protocolVersion", "3");
            s.put("connectors.mqtt.shareGroup", "none");
            s.put("connectors.mqtt.client", mqttClient);
        } else {
            s.put("connectors.mqtt.protocolVersion", "5");
            s.put("connectors.mqtt.client", mqttClient.equals("paho5") ? "paho" : "hivemq");
        }
        s.put("simulator.seed", Long.toString(SEED));
        s.put("simulator.mqtt.connection", "multiplexed");
        s.put("simulator.mqtt.clientIdPrefix", "bench-sim-" + run);
        // The load generator must not be the bottleneck: real stations each have their own connection, so the
        // multiplexed publisher keeps many QoS 1 publishes in flight (each waits for the connector's Kafka ack).
        s.put("simulator.mqtt.gatewayConnections", "8");
        s.put("simulator.mqtt.window", "64");
        s.put("simulator.scale.stations", Integer.toString(stations));
        s.put("simulator.scale.parameters", Integer.toString(load.parameters()));
        s.put("simulator.scale.interval", sampling.toMillis() + "ms");
        s.put("simulator.keepReadings", "false");
        s.put("simulator.mqtt.observationsPerMessage", Integer.toString(load.perMessage()));
        if (load.simulatorClient().equals("vertx")) {
            s.put("simulator.mqtt.client", "vertx");
            s.put("simulator.mqtt.protocolVersion", "3");
        }
        s.putAll(load.settings());
        load.checkSettings(s);
        if (!load.settings().isEmpty()) {
            LOG.info("bench pipeline: settings given with --set: {}", load.settings());
        }

        createSchema(services, schema);
        StageProbe probe = null;
        DatabaseConfig database = DatabaseConfig.from(ConfigSource.of(services));
        try (ProcessorApp processor = ProcessorApp.start(ProcessorConfig.from(ConfigSource.of(s)), catalog,
                OpsServer.newRegistry());
             ConnectorsApp connectors = ConnectorsApp.start(ConnectorsConfig.from(ConfigSource.of(s)), catalog,
                     OpsServer.newRegistry());
             AlertingApp alertingApp = alerting ? BenchAlerts.start(services, catalog, run, topic, schema,
                     BenchAlerts.limit(synthetic, new SignalModel(SEED), Instant.now())) : null) {
            LOG.info("bench pipeline: processor and connectors ready (ops ports {} and {}), publishing",
                    processor.opsPort(), connectors.opsPort());
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            probe = max ? null : StageProbe.start(services.get("kafka.bootstrapServers"), topic,
                    load.warmup().isZero() ? Instant.EPOCH : start.plus(load.warmup()));
            GroundTruth truth;
            GroundTruth warm = null;
            Instant measuredFrom = null;
            Map<String, String> sim = new HashMap<>(s);
            long expectedRecords = 0;
            if (max) {
                measuredFrom = start.minus(duration);
                if (!load.warmup().isZero()) {
                    // Through the same pipeline, drained before the measured period starts: its rows are counted and
                    // checked, only the rate leaves them out. It ends one day before the measured period begins, so
                    // its rows fill another day chunk: the measured rows start a fresh chunk and primary-key index,
                    // as the raw COPY does (inserting into an index that already holds millions of rows of the same
                    // day costs the database more per row; docs/processor.md, seventh pass).
                    Instant warmEnd = measuredFrom.minus(Duration.ofDays(1));
                    sim.put("simulator.from", warmEnd.minus(load.warmup()).toString());
                    sim.put("simulator.to", warmEnd.toString());
                    warm = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(sim)), catalog, true);
                    expectedRecords = warm.observationsSent();
                    long warmProduced = awaitProduced(services.get("kafka.bootstrapServers"), topic, expectedRecords,
                            Duration.ofMinutes(10));
                    drain(services, schema, "bench-processor-" + run, warmProduced, Duration.ofMinutes(10));
                    LOG.info("bench pipeline: warm-up of {} readings stored", warm.readingsSent());
                }
                // The most recent period, produced as fast as PUBACKs come back: backpressure, not drops.
                sim.put("simulator.from", measuredFrom.toString());
                sim.put("simulator.to", start.toString());
                // Computed before the first publish: the load generator's signal model must not take the cores of the
                // pipeline it measures (stations compute their values on their own hardware).
                if (load.maxLead() > 0) {
                    try (StoredLead lead = new StoredLead(services, schema, "bench-processor-" + run,
                            load.maxLead(), expectedRecords)) {
                        truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(sim)), catalog, true, lead);
                    }
                } else {
                    truth = SimulatorApp.run(SimulatorConfig.from(ConfigSource.of(sim)), catalog, true);
                }
            } else {
                // A warm-up is the run's first part: the same load, stored and checked, its readings left out of the
                // rate and the latencies (a cold JVM compiles the pipeline's code in its first seconds, and on two
                // cores that alone queued readings for 2-4 s; docs/processor.md, tenth pass).
                measuredFrom = load.warmup().isZero() ? null : start.plus(load.warmup());
                sim.put("simulator.mode", "real-time");
                sim.put("simulator.to", start.plus(load.warmup()).plus(duration).toString());
                try (SimulatorApp app = SimulatorApp.start(SimulatorConfig.from(ConfigSource.of(sim)), catalog)) {
                    if (!app.awaitFinished(load.warmup().plus(duration).plusMinutes(5))) {
                        throw new IllegalStateException("the simulator did not finish its period in time");
                    }
                    truth = app.truth();
                }
            }
            expectedRecords += truth.observationsSent();
            // The simulator's QoS 1 publishes are acknowledged by the broker, not by the connector: at --rate max the
            // connector is still draining the broker's queue when the simulator finishes. Every sent observation is
            // one record on the run's own topic, so wait for them in Kafka before waiting for the processor.
            long produced = awaitProduced(services.get("kafka.bootstrapServers"), topic, expectedRecords,
                    Duration.ofMinutes(10));
            drain(services, schema, "bench-processor-" + run, produced, Duration.ofMinutes(10));
            LOG.info("bench pipeline: {} records drained into the database, measuring and verifying", produced);
            PipelineResult.Builder result = measure(services, schema, stations, truth, warm, max, measuredFrom);
            result.observationsPerMessage = load.perMessage();
            result.simulatorClient = load.simulatorClient();
            result.connectorClient = mqttClient;
            result.settings = load.settings();
            result.maxLead = load.maxLead();
            if (probe != null) {
                probe.close();
                result.stages = probe.percentiles();
                probe = null;
            }
            result.loadPrepared = max;
            if (alertingApp != null) {
                double[] alerts = BenchAlerts.measure(services, schema, produced,
                        measuredFrom == null ? Instant.EPOCH : measuredFrom, Duration.ofMinutes(2));
                result.alertsOpened = (long) alerts[0];
                // in backfill the measurement times are in the past by design: latency is not meaningful there
                result.alertLatencyP99 = max || Double.isNaN(alerts[1]) ? null : alerts[1];
            }
            verify(services, schema, catalog, new SignalModel(SEED), result);
            long sinkRows = Math.max(500_000, Math.min(result.stored, 3_000_000));
            result.sinkRowsPerS = SinkBenchmark.run(database, sinkRows).rowsPerS();
            return result.build();
        } finally {
            if (probe != null) {
                probe.close();
            }
            dropSchema(services, schema);
            List<String> topics = new ArrayList<>(List.of(topic, "bench.dlq." + run, "bench.events." + run));
            if (alerting) {
                BenchAlerts.drop(services, schema);
                topics.add("bench.alerts." + run);
            }
            deleteTopics(services.get("kafka.bootstrapServers"), topics);
            ConnectorSession.end(s);
        }
    }

    /**
     * Counts what is stored and the rate over the steady window. Only rows measured from {@code measuredFrom} on (all
     * when null) count for the rate and the latencies (a warm-up period before it does not); latency only at a fixed
     * rate.
     */
    private static PipelineResult.Builder measure(Map<String, String> db, String schema, int stations,
                                                  GroundTruth truth, GroundTruth warm, boolean max,
                                                  Instant measuredFrom) throws SQLException {
        PipelineResult.Builder b = new PipelineResult.Builder();
        b.stations = stations;
        b.published = truth.readingsSent() + (warm == null ? 0 : warm.readingsSent());
        b.failed = truth.observationsFailed() + (warm == null ? 0 : warm.observationsFailed());
        b.warmupReadings = warm == null ? 0 : warm.readingsSent();
        boolean from = measuredFrom != null;
        String measured = schema + ".reading" + (from ? " WHERE time >= ?" : "");
        try (Connection c = connect(db); PreparedStatement st = c.prepareStatement(
                // Steady window: the middle 80 % of the measured rows' commit times, so connection set-up and the
                // drain tail do not count.
                "WITH m AS (SELECT time, ingested_at FROM " + measured + "), "
                        + "b AS (SELECT min(ingested_at) lo, max(ingested_at) hi FROM m), "
                        + "w AS (SELECT lo + (hi - lo) * 0.1 AS a, lo + (hi - lo) * 0.9 AS z FROM b) "
                        + "SELECT (SELECT count(*) FROM " + schema + ".reading), "
                        + "count(*), extract(epoch FROM (max(w.z) - max(w.a))), "
                        + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.ingested_at - r.time)), "
                        + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM r.ingested_at - r.time)), "
                        + "(SELECT count(*) FROM m) "
                        + "FROM m r, w WHERE r.ingested_at BETWEEN w.a AND w.z")) {
            if (from) {
                st.setTimestamp(1, java.sql.Timestamp.from(measuredFrom));
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                b.stored = rs.getLong(1);
                if (from && !max) {
                    // at a fixed rate the warm-up is the run's first part, under the same ground truth
                    b.warmupReadings = b.stored - rs.getLong(6);
                }
                long steadyRows = rs.getLong(2);
                double steadySeconds = rs.getDouble(3);
                b.readingsPerS = steadySeconds > 0 ? steadyRows / steadySeconds : 0;
                // In backfill the measurement times are in the past by design: latency is not meaningful there.
                b.latencyP50 = max ? null : rs.getDouble(4) * 1000;
                b.latencyP99 = max ? null : rs.getDouble(5) * 1000;
            }
        }
        return b;
    }

    /** Recomputes every stored row's value from the signal model; counts rows that were not sent as such. */
    private static void verify(Map<String, String> db, String schema, StationCatalog catalog, SignalModel model,
                               PipelineResult.Builder b) throws SQLException {
        long wrong = 0;
        try (Connection c = connect(db)) {
            c.setAutoCommit(false); // a cursor, not millions of rows in memory
            try (PreparedStatement ps = c.prepareStatement("SELECT station_id, time, parameter_id, value FROM "
                    + schema + ".reading ORDER BY station_id, time")) {
                ps.setFetchSize(50_000);
                try (ResultSet rs = ps.executeQuery()) {
                    int lastStation = -1;
                    Instant lastTime = null;
                    Map<Integer, Double> expected = Map.of();
                    while (rs.next()) {
                        int stationId = rs.getInt(1);
                        Instant time = rs.getTimestamp(2).toInstant();
                        if (stationId != lastStation || !time.equals(lastTime)) {
                            expected = expectedValues(catalog, model, stationId, time);
                            lastStation = stationId;
                            lastTime = time;
                        }
                        Double want = expected.get(rs.getInt(3));
                        if (want == null || want != rs.getDouble(4)) {
                            wrong++;
                        }
                    }
                }
            }
        }
        b.wrong = wrong;
        b.lost = Math.max(0, b.published - (b.stored - wrong));
    }

    private static Map<Integer, Double> expectedValues(StationCatalog catalog, SignalModel model, int stationId,
                                                       Instant time) {
        Station station = catalog.byId(stationId).orElse(null);
        if (station == null) {
            return Map.of();
        }
        Observation o = model.observe(station, time);
        Map<Integer, Double> values = new HashMap<>();
        for (Measurement m : o.values()) {
            Parameter p = m.parameter();
            values.put(p.id(), m.value());
        }
        return values;
    }

    private static void drain(Map<String, String> db, String schema, String group, long produced, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(db)) {
                if (storedRecords(c, schema, group) >= produced) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        LOG.warn("bench pipeline: not drained after {}; counting what is stored", timeout);
    }

    /** End offsets once they reach {@code expected} records, or (logged) whatever they are at the timeout. */
    private static long awaitProduced(String bootstrap, String topic, long expected, Duration timeout)
            throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            long deadline = System.nanoTime() + timeout.toNanos();
            long produced = endOffsets(consumer, partitions);
            while (produced < expected && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(250);
                produced = endOffsets(consumer, partitions);
            }
            if (produced < expected) {
                LOG.warn("bench pipeline: {} of {} sent observations reached Kafka within {}; counting what is "
                        + "stored", produced, expected, timeout);
            }
            return produced;
        }
    }

    private static long endOffsets(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    private static void createSchema(Map<String, String> db, String schema) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
    }

    private static void dropSchema(Map<String, String> db, String schema) {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            LOG.warn("bench pipeline: could not drop schema {}: {}", schema, e.getMessage());
        }
    }

    /**
     * The run's topics go with its schema: left behind, every run added ~24 partitions and its records to the broker,
     * whose idle work grows with them ({@code ./quantrac services prune} removes what an interrupted run leaves).
     */
    private static void deleteTopics(String bootstrap, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Topics never created (a run that failed early) land here too; prune removes the rest.
            LOG.debug("bench pipeline: deleting topics {}: {}", topics, e.toString());
        }
    }

    /**
     * Records of the run's topic the processor group has stored: the sum of the next offsets it stores with each batch
     * (the topic is fresh and its producer not transactional, so offsets count records).
     */
    static long storedRecords(Connection c, String schema, String group) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT coalesce(sum(next_offset), 0) FROM " + schema
                + ".ingest_offset WHERE consumer_group = ?")) {
            st.setString(1, group);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Connection connect(Map<String, String> db) throws SQLException {
        return DriverManager.getConnection(db.get("db.url"), db.get("db.user"), db.get("db.password"));
    }

    /** Formats a double for the JSON line. */
    static String num(Double v) {
        return v == null ? "null" : String.format(Locale.ROOT, "%.1f", v);
    }
}
