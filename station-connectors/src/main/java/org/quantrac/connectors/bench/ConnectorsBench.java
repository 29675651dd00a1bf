package org.quantrac.connectors.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.buffer.BufferSettings;
import org.quantrac.connectors.config.ConnectorTopics;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.files.FileDropSettings;
import org.quantrac.connectors.mqtt.MqttConnectorSettings;
import org.quantrac.connectors.opcua.OpcUaSettings;
import org.quantrac.core.config.MqttConfig;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.Protocol;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench connectors}: synthetic stations publish JSON observations over the real broker to an in-process
 * connector writing to the real Kafka; latency is from the publish call (the observation's time) to the broker's
 * append (topic with LogAppendTime). Runs on its own topics, client id and share group, deleted afterwards.
 */
public final class ConnectorsBench {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorsBench.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    private static final String CODE_PREFIX = "BENCH-";

    private ConnectorsBench() {
    }

    /**
     * @param template  the connector's configuration; topics, client id and share group are replaced by the bench's
     * @param publisher the account the synthetic stations publish with (may write {@code stations/#})
     */
    public static BenchResult run(BenchOptions options, ConnectorsConfig template, MqttConfig publisher,
                                  StationCatalog base) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path bufferDir = Files.createTempDirectory("bench-buffer-");
        ConnectorTopics topics = new ConnectorTopics("bench.readings." + run, "bench.dlq." + run,
                "bench.events." + run);
        MqttConnectorSettings m = template.mqtt();
        FileDropSettings noFiles = new FileDropSettings(false, template.files().landing(),
                template.files().namePattern(), template.files().poll(), template.files().settle());
        OpcUaSettings noOpcUa = new OpcUaSettings(false, template.opcua().mappingFile(),
                template.opcua().startWait());
        ConnectorsConfig config = new ConnectorsConfig(true, new MqttConnectorSettings(m.broker(), "bench-connector-" + run,
                "bench-" + run, Duration.ofSeconds(5), m.receiveMaximum(), m.keepAlive()), noFiles, noOpcUa,
                template.kafka(), topics,
                template.rules(), true, template.topicPartitions(), template.topicReplication(),
                template.producer(), new BufferSettings(true, bufferDir, template.buffer().maxBytes()),
                template.healthInterval(), template.opsHost(), 0);
        List<String> codes = new ArrayList<>();
        StationCatalog catalog = base.with(syntheticStations(base, options.stations(), codes));
        String bootstrap = template.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // The broker's append time is when Kafka has the record: the end of the latency we measure.
            admin.createTopics(List.of(new NewTopic(topics.readings(), template.topicPartitions(),
                            template.topicReplication()).configs(Map.of("message.timestamp.type", "LogAppendTime"))))
                    .all().get(30, TimeUnit.SECONDS);
            TopicSetup.awaitWritable(admin, List.of(topics.readings()), Duration.ofSeconds(30));
            try {
                return measure(options, config, publisher, catalog, codes, run);
            } finally {
                admin.deleteTopics(topics.all()).all().get(30, TimeUnit.SECONDS);
                try (Stream<Path> files = Files.walk(bufferDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static BenchResult measure(BenchOptions options, ConnectorsConfig config, MqttConfig publisher,
                                       StationCatalog catalog, List<String> codes, String run) throws Exception {
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        try (ConnectorsApp app = ConnectorsApp.start(config, catalog, registry);
             LatencyReader reader = new LatencyReader(config.kafka().bootstrapServers(), config.topics().readings(),
                     firstSyntheticId(catalog, codes))) {
            reader.start();
            List<BenchPublisher> publishers = new ArrayList<>();
            int n = Math.min(options.publishers(), codes.size());
            for (int i = 0; i < n; i++) {
                List<String> share = new ArrayList<>();
                for (int s = i; s < codes.size(); s += n) {
                    share.add(codes.get(s));
                }
                publishers.add(new BenchPublisher(publisher.serverUri(), publisher.username(), publisher.password(),
                        "bench-publisher-" + run + "-" + i, share));
            }
            LOG.info("Benchmark: {} stations every {} ms for {} s over {} connections", codes.size(),
                    options.interval().toMillis(), options.duration().toSeconds(), n);
            long start = System.nanoTime();
            long end = start + options.duration().toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < publishers.size(); i++) {
                BenchPublisher p = publishers.get(i);
                // The connections take turns within the interval, so that the load is spread evenly.
                long offset = options.interval().toNanos() / publishers.size() / Math.max(1, codes.size() / n) * i;
                Thread t = new Thread(() -> {
                    try {
                        p.run(options.interval().toNanos(), start + offset, end);
                    } catch (Exception e) {
                        LOG.error("bench publisher failed", e);
                    }
                }, "bench-publisher");
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            // Rates over the nominal duration: the last tick is one interval before its end.
            double seconds = Math.max((System.nanoTime() - start) / 1e9, options.duration().toMillis() / 1000.0);
            long published = publishers.stream().mapToLong(BenchPublisher::published).sum();
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (reader.count() < published && System.nanoTime() < deadline) {
                reader.awaitMore(Duration.ofMillis(200));
            }
            for (BenchPublisher p : publishers) {
                p.close();
            }
            LOG.info("Benchmark: {} of {} observations in Kafka ({} records still buffered on disk)", reader.count(),
                    published, app.bufferedRecords());
            reader.stop();
            long[] latencies = reader.latencies();
            Arrays.sort(latencies);
            long dlq = countDeadLetters(config.kafka().bootstrapServers(), config.topics().dlq());
            int valuesPerObservation = 4;
            long accepted = latencies.length;
            return new BenchResult(codes.size(), options.interval().toMillis(), seconds, published, accepted, dlq,
                    codes.size() * 1000.0 / options.interval().toMillis(), accepted / seconds,
                    accepted * valuesPerObservation / seconds, percentile(latencies, 0.50),
                    percentile(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
        }
    }

    /**
     * Dead letters of the benchmark's stations. The shared subscription also brings whatever else is published on
     * {@code stations/+/data} meanwhile (other users of the broker); their rejections are not ours to count.
     */
    static long countDeadLetters(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (DeadLetter.parseFrom(r.value()).getStationCode().startsWith(CODE_PREFIX)) {
                            count++;
                        }
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        count++; // unreadable: count it rather than hide it
                    }
                }
            }
            return count;
        }
    }

    private static int firstSyntheticId(StationCatalog catalog, List<String> codes) {
        return catalog.byCode(codes.get(0)).orElseThrow().id();
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Air stations measuring what QN-AQ-01 measures, with codes BENCH-00001…, ids above the catalog's. */
    static List<Station> syntheticStations(StationCatalog base, int count, List<String> codes) {
        Station model = base.byCode("QN-AQ-01").orElseGet(() -> base.all().iterator().next());
        int firstId = base.all().stream().mapToInt(Station::id).max().orElse(0) + 100_000;
        List<Station> stations = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String code = String.format(CODE_PREFIX + "%05d", i);
            codes.add(code);
            stations.add(new Station(firstId + i, code, "Benchmark station " + i, model.kind(), "bench",
                    model.latitude(), model.longitude(), Protocol.MQTT_JSON, model.interval(), model.parameters(),
                    false, Optional.empty(), 1, 1));
        }
        return stations;
    }

    /** Reads the bench's readings topic, recording append time − observation time per record. */
    private static final class LatencyReader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final int firstId;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong count = new AtomicLong();
        private final Object lock = new Object();
        private long[] latencies = new long[1024];
        private Thread thread;

        /** @param firstId observations of other stations (someone else's publishers) are not counted */
        LatencyReader(String bootstrap, String topic, int firstId) {
            this.firstId = firstId;
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void start() {
            thread = new Thread(this::loop, "bench-reader");
            thread.start();
        }

        private void loop() {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        Observation o = Observation.parseFrom(r.value());
                        if (o.getStationId() < firstId) {
                            continue;
                        }
                        long latency = r.timestamp() - o.getTimeMs();
                        synchronized (lock) {
                            int i = (int) count.get();
                            if (i == latencies.length) {
                                latencies = Arrays.copyOf(latencies, i * 2);
                            }
                            latencies[i] = latency;
                            count.incrementAndGet();
                            lock.notifyAll();
                        }
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        LOG.warn("bench: unreadable record at offset {}", r.offset());
                    }
                }
            }
        }

        long count() {
            return count.get();
        }

        void awaitMore(Duration d) throws InterruptedException {
            synchronized (lock) {
                lock.wait(d.toMillis());
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(5_000);
            }
        }

        long[] latencies() {
            synchronized (lock) {
                return Arrays.copyOf(latencies, (int) count.get());
            }
        }

        @Override
        public void close() {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close();
        }
    }
}
