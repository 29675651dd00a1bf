package org.quantrac.connectors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.quantrac.connectors.buffer.BufferSettings;
import org.quantrac.connectors.buffer.BufferedPublisher;
import org.quantrac.connectors.buffer.DiskBuffer;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.files.FileDropVerticle;
import org.quantrac.connectors.ingest.ConnectorMetrics;
import org.quantrac.connectors.ingest.Ingestor;
import org.quantrac.connectors.ingest.StationHealth;
import org.quantrac.connectors.kafka.KafkaPublisher;
import org.quantrac.connectors.kafka.ProducerSettings;
import org.quantrac.connectors.kafka.RecordSink;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.connectors.mapper.PayloadMapper;
import org.quantrac.connectors.mapper.StationStateMapper;
import org.quantrac.connectors.mqtt.MqttConnectorVerticle;
import org.quantrac.connectors.opcua.OpcUaConnectorVerticle;
import org.quantrac.connectors.opcua.OpcUaMappingFile;
import org.quantrac.connectors.opcua.OpcUaStationMapping;
import org.quantrac.connectors.mapper.OpcUaValueMapper;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors role, wired from its configuration: Kafka producer, store-and-forward buffer, payload mapping, MQTT
 * connector verticle and the operations server. {@link #start} returns once MQTT is subscribed and Kafka answers;
 * {@link #close} is idempotent.
 */
public final class ConnectorsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorsApp.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final long MAX_PENDING_IN_MEMORY = 100_000;

    private final Vertx vertx;
    private final KafkaPublisher kafka;
    private final BufferedPublisher buffered;
    private final VerticleBase[] verticles;
    private final Map<String, BooleanSupplier> readiness;
    private final FileDropVerticle files;
    private final OpsServer ops;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ConnectorsApp(Vertx vertx, KafkaPublisher kafka, BufferedPublisher buffered, VerticleBase[] verticles,
                          Map<String, BooleanSupplier> readiness, OpsServer ops, FileDropVerticle files) {
        this.verticles = verticles;
        this.readiness = Map.copyOf(readiness);
        this.files = files;
        this.vertx = vertx;
        this.kafka = kafka;
        this.buffered = buffered;
        this.ops = ops;
    }

    public static ConnectorsApp start(ConnectorsConfig config, StationCatalog catalog,
                                      PrometheusMeterRegistry registry) {
        String name = config.mqtt().clientId();
        // Operations first: while start waits for Kafka (connectors.kafka.startWait) /health/live answers and
        // /health/ready is 503, so an orchestrator neither kills the replica nor counts it as serving.
        ReadinessSlots slots = new ReadinessSlots(config.mqttEnabled(), config.files().enabled(),
                config.opcua().enabled());
        Vertx vertx = Vertx.vertx();
        KafkaPublisher kafka = null;
        BufferedPublisher buffered = null;
        OpsServer ops = null;
        try {
            ops = OpsServer.start(vertx, config.opsHost(), config.opsPort(), registry, slots.checks());
            KafkaStartWait.await(config.kafka().bootstrapServers(), config.kafkaStartWait());
            if (config.createTopics()) {
                TopicSetup.ensure(config.kafka().bootstrapServers(), config.topics().all(), config.topicPartitions(),
                        config.topicReplication());
            }
            kafka = KafkaPublisher.create(new ProducerSettings(config.kafka().bootstrapServers(),
                    config.kafka().clientIdPrefix() + "-" + name, config.producer().linger(), Duration.ofMillis(500),
                    config.producer().maxBlock(), config.producer().deliveryTimeout(), config.producer().compression()));
            kafka.awaitConnected(config.topics().readings(), START_TIMEOUT);
            BufferSettings b = config.buffer();
            if (b.enabled()) {
                buffered = new BufferedPublisher(kafka, DiskBuffer.open(b.dir(), b.maxBytes(),
                        BufferSettings.SEGMENT_BYTES), Duration.ofMillis(500));
                registerBufferGauges(registry, buffered);
            }
            RecordSink sink = buffered != null ? buffered : kafka;
            ConnectorMetrics metrics = new ConnectorMetrics(registry);
            Ingestor ingestor = new Ingestor(new PayloadMapper(catalog, config.rules(), Clock.systemUTC()),
                    new StationStateMapper(catalog, Clock.systemUTC(), name), sink, config.topics(), metrics,
                    new StationHealth(Clock.systemUTC(), name), name);
            vertx.setPeriodic(config.healthInterval().toMillis(), id -> ingestor.reportHealth());
            MqttConnectorVerticle mqtt = null;
            if (config.mqttEnabled()) {
                mqtt = new MqttConnectorVerticle(config.mqtt(), ingestor,
                        catalog.all().stream().map(Station::code).toList());
                deploy(vertx, mqtt);
                Gauge.builder("quantrac.connector.inflight", mqtt, MqttConnectorVerticle::inFlight)
                        .description("MQTT messages received and not yet acknowledged").register(registry);
                slots.set("mqtt", mqtt::connected);
            }
            FileDropVerticle files = null;
            if (config.files().enabled()) {
                files = new FileDropVerticle(config.files(), ingestor, Clock.systemUTC());
                deploy(vertx, files);
                registerFileCounters(registry, files);
                slots.set("files", files::ready);
            }
            OpcUaConnectorVerticle opcua = null;
            if (config.opcua().enabled()) {
                List<OpcUaStationMapping> mappings = OpcUaMappingFile.load(config.opcua().mappingFile(), catalog);
                boolean secured = mappings.stream()
                        .anyMatch(m -> m.security() != OpcUaStationMapping.Security.NONE);
                opcua = new OpcUaConnectorVerticle(mappings,
                        new OpcUaValueMapper(catalog, config.rules(), Clock.systemUTC()), ingestor,
                        config.opcua().startWait(), holdBack(kafka, buffered),
                        secured ? config.opcua().certificates() : null);
                deploy(vertx, opcua);
                slots.set("opcua", opcua::connected);
            }
            Gauge.builder("quantrac.connector.kafka.pending", kafka, KafkaPublisher::pending)
                    .description("Records waiting for Kafka's acknowledgement (in-memory retries)").register(registry);
            slots.set("kafka", kafka::healthy);
            LOG.info("Connectors started [client: {}] [ops: {}:{}] [stations: {}] [mqtt: {}] [files: {}] [opcua: {}] "
                    + "[buffer: {}]", name, config.opsHost(), ops.port(), catalog.size(),
                    config.mqttEnabled() ? "on" : "off", config.files().enabled() ? config.files().landing() : "off",
                    config.opcua().enabled() ? config.opcua().mappingFile() : "off", b.enabled() ? b.dir() : "off");
            return new ConnectorsApp(vertx, kafka, buffered, new VerticleBase[] {mqtt, files, opcua}, slots.checks(), ops,
                    files);
        } catch (Exception e) {
            // Verticles first (they may still hand records over), then the sinks they write to.
            if (ops != null) {
                ops.close();
            }
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            if (buffered != null) {
                buffered.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("connectors did not start: " + cause.getMessage(), cause);
        }
    }

    /** True while records cannot be taken: buffer full, or (without buffer) too many waiting in memory. */
    private static BooleanSupplier holdBack(KafkaPublisher kafka, BufferedPublisher buffered) {
        return buffered != null ? () -> buffered.waitingForSpace() > 0 : () -> kafka.pending() > MAX_PENDING_IN_MEMORY;
    }

    private static void deploy(Vertx vertx, io.vertx.core.Deployable verticle) throws Exception {
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture()
                .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void registerFileCounters(PrometheusMeterRegistry registry, FileDropVerticle files) {
        FunctionCounter.builder("quantrac.connector.files", files, FileDropVerticle::ingestedFiles)
                .tag("outcome", "ingested").description("Circular 10/2021 files handled").register(registry);
        FunctionCounter.builder("quantrac.connector.files", files, FileDropVerticle::duplicateFiles)
                .tag("outcome", "duplicate").description("Circular 10/2021 files handled").register(registry);
        FunctionCounter.builder("quantrac.connector.files", files, FileDropVerticle::rejectedFiles)
                .tag("outcome", "rejected").description("Circular 10/2021 files handled").register(registry);
    }

    private static void registerBufferGauges(PrometheusMeterRegistry registry, BufferedPublisher buffered) {
        Gauge.builder("quantrac.connector.buffer.records", buffered, BufferedPublisher::bufferedRecords)
                .description("Records in the store-and-forward buffer waiting for Kafka").register(registry);
        Gauge.builder("quantrac.connector.buffer.bytes", buffered, BufferedPublisher::bufferedBytes)
                .baseUnit("bytes").description("Bytes in the store-and-forward buffer").register(registry);
        Gauge.builder("quantrac.connector.buffer.blocked", buffered, BufferedPublisher::waitingForSpace)
                .description("Batches held back because the buffer is full (backpressure)").register(registry);
    }

    /** Port of /metrics and /health. */
    public int opsPort() {
        return ops.port();
    }

    /** Every readiness check passes: MQTT connected, landing folder usable, OPC UA servers up (each when on), Kafka. */
    public boolean ready() {
        return readiness.values().stream().allMatch(BooleanSupplier::getAsBoolean);
    }

    /** The file-drop connector, when it is on. */
    public java.util.Optional<FileDropVerticle> files() {
        return java.util.Optional.ofNullable(files);
    }

    /** Records in the store-and-forward buffer (0 when it is off). */
    public long bufferedRecords() {
        return buffered == null ? 0 : buffered.bufferedRecords();
    }

    /** Stops taking messages, lets in-flight ones finish (bounded), then closes everything. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (VerticleBase v : verticles) {
            if (v == null) {
                continue;
            }
            try {
                vertx.undeploy(v.deploymentID()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", v.getClass().getSimpleName(), e.toString());
            }
        }
        ops.close();
        if (buffered != null) {
            buffered.close();
        }
        kafka.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        LOG.info("Connectors stopped");
    }
}
