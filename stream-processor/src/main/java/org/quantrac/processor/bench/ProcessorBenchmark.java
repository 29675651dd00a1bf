package org.quantrac.processor.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.config.KafkaConfig;
import org.quantrac.core.db.Database;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.parameter.Medium;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.Protocol;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.station.StationKind;
import org.quantrac.processor.ProcessorApp;
import org.quantrac.processor.config.ProcessorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's own throughput, Kafka to TimescaleDB, without MQTT and connectors: N observations of synthetic
 * stations (10 ambient-air parameters each, one observation per station per second) are produced to a fresh topic
 * first, then a {@link ProcessorApp} with its default settings (QC, rollup marks, late check) drains them into a
 * throwaway schema. The rate counts from the first stored row to the last. Topic and schema are removed afterwards.
 */
public final class ProcessorBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorBenchmark.class);
    private static final int FIRST_SYNTHETIC_ID = 1_000_000;
    private static final int PARTITIONS = 6;

    /**
     * @param readings  rows stored
     * @param seconds   first to last stored row
     * @param produceReadingsPerS how fast the benchmark itself filled the topic (not the processor's figure)
     * @param sinkBusyShare share of the time the consumer loops spent writing batches (the rest: poll and decode)
     * @param consumers     the processor's consumer loops (COPY streams)
     */
    public record Result(long readings, double seconds, double readingsPerS, double produceReadingsPerS,
                         double sinkBusyShare, int consumers) {

        public String toJson() {
            return String.format(Locale.ROOT, "{\"method\":\"processor_kafka_to_db\",\"readings\":%d,\"seconds\":%.3f,"
                    + "\"readings_per_s\":%.0f,\"produce_readings_per_s\":%.0f,\"sink_busy_share\":%.2f,"
                    + "\"consumers\":%d}", readings, seconds, readingsPerS, produceReadingsPerS, sinkBusyShare,
                    consumers);
        }
    }

    private ProcessorBenchmark() {
    }

    /** Synthetic ambient-air stations with the first 10 AIR parameters of the catalog, sampling every second. */
    public static List<Station> syntheticStations(StationCatalog catalog, int count) {
        List<Parameter> air = catalog.parameters().all().stream().filter(p -> p.medium() == Medium.AIR).limit(10)
                .toList();
        List<Station> stations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = FIRST_SYNTHETIC_ID + i;
            stations.add(new Station(id, String.format(Locale.ROOT, "SYN-%06d", i), "Synthetic " + i,
                    StationKind.AMBIENT_AIR, "Synthetic", 21.0, 107.0, Protocol.MQTT_JSON, Duration.ofSeconds(1), air,
                    false, Optional.empty(), 1, 1));
        }
        return stations;
    }

    /** With the processor's default consumer loops ({@link ProcessorConfig#DEFAULT_CONSUMERS}). */
    public static Result run(KafkaConfig kafka, DatabaseConfig database, int stations, long observations) {
        return run(kafka, database, stations, observations, ProcessorConfig.DEFAULT_CONSUMERS);
    }

    /** @param consumers the processor's {@code processor.consumers} */
    public static Result run(KafkaConfig kafka, DatabaseConfig database, int stations, long observations,
                             int consumers) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "bench_processor_" + suffix;
        String schema = "bench_processor_" + suffix;
        List<Station> synthetic = syntheticStations(StationCatalog.builtIn(), stations);
        StationCatalog catalog = StationCatalog.builtIn().with(synthetic);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(ap)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
            TopicSetup.awaitWritable(admin, List.of(topic), Duration.ofSeconds(30));
            try {
                long t0 = System.nanoTime();
                long readings = produce(kafka, topic, synthetic, observations);
                double produceRate = readings / ((System.nanoTime() - t0) / 1e9);
                return drain(kafka, database, topic, schema, catalog, readings, produceRate, consumers);
            } finally {
                admin.deleteTopics(List.of(topic));
                dropSchema(database, schema);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("processor benchmark failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("processor benchmark interrupted", e);
        }
    }

    private static long produce(KafkaConfig kafka, String topic, List<Station> stations, long observations) {
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
        pp.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long readings = 0;
        long start = Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli() / 1000 * 1000;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(),
                new ByteArraySerializer())) {
            for (long k = 0; k < observations; k++) {
                Station st = stations.get((int) (k % stations.size()));
                long second = k / stations.size();
                Observation.Builder o = Observation.newBuilder().setStationId(st.id()).setTimeMs(start + second * 1000);
                for (Parameter p : st.parameters()) {
                    double v = p.min() + (p.max() - p.min()) * (0.4 + 0.05 * Math.sin((k + p.id()) / 97.0));
                    o.addMeasurements(Measurement.newBuilder().setParameterId(p.id()).setValue(v));
                    readings++;
                }
                producer.send(new ProducerRecord<>(topic, st.code(), o.build().toByteArray()));
            }
            producer.flush();
        }
        return readings;
    }

    private static Result drain(KafkaConfig kafka, DatabaseConfig database, String topic, String schema,
                                StationCatalog catalog, long readings, double produceRate, int consumers)
            throws InterruptedException {
        ProcessorConfig config = ProcessorConfig.from(ConfigSource.of(Map.of(
                "kafka.bootstrapServers", kafka.bootstrapServers(), "db.url", database.url(),
                "db.user", database.user(), "db.password", database.password(), "processor.topic", topic,
                "processor.groupId", "bench-" + topic, "processor.schema", schema,
                "processor.ops.host", "127.0.0.1", "processor.ops.port", "0",
                "processor.consumers", String.valueOf(consumers))));
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        try (ProcessorApp app = ProcessorApp.start(config, catalog, registry)) {
            long startNanos = System.nanoTime();
            long firstNanos = 0;
            long firstRows = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (app.metrics().rowsWritten() < readings) {
                if (app.failed() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("processor benchmark: stored " + app.metrics().rowsWritten()
                            + " of " + readings + " readings" + (app.failed() ? " before the processor failed" : ""));
                }
                if (firstNanos == 0 && app.metrics().rowsWritten() > 0) {
                    firstNanos = System.nanoTime();
                    firstRows = app.metrics().rowsWritten();
                }
                Thread.sleep(5);
            }
            if (firstNanos == 0) {
                // everything was stored before the first look (a tiny run): time it from the processor's start
                firstNanos = startNanos;
            }
            double seconds = (System.nanoTime() - firstNanos) / 1e9;
            long stored = count(config.schemaDatabase());
            if (stored != readings) {
                throw new IllegalStateException("processor benchmark stored " + stored + " rows, expected " + readings);
            }
            double busy = registry.get("quantrac.processor.batch.duration").timer()
                    .totalTime(java.util.concurrent.TimeUnit.SECONDS) / seconds / consumers;
            Result r = new Result(readings, seconds, (readings - firstRows) / seconds, produceRate, busy, consumers);
            LOG.info("Processor benchmark: {} readings in {} s", readings, String.format(Locale.ROOT, "%.2f",
                    seconds));
            return r;
        }
    }

    private static void dropSchema(DatabaseConfig database, String schema) {
        try (HikariDataSource ds = Database.pool(new DatabaseConfig(database.url(), database.user(),
                database.password(), 1), "bench-cleanup");
             Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            LOG.warn("Could not drop the benchmark schema {}: {}", schema, e.getMessage());
        }
    }

    private static long count(DatabaseConfig inSchema) {
        try (Connection c = DriverManager.getConnection(inSchema.url(), inSchema.user(), inSchema.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the benchmark's rows: " + e.getMessage(), e);
        }
    }
}
