package org.quantrac.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.connectors.ConnectorsApp;
import org.quantrac.connectors.config.ConnectorsConfig;
import org.quantrac.connectors.testing.ConnectorFixture;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.config.ConfigSource;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.record.v1.Source;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;

class FileDropIT {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

    @TempDir
    Path landing;

    final ConnectorFixture fixture = new ConnectorFixture();
    final String nonce = TestServices.unique("f");
    final Instant t1 = Instant.now().truncatedTo(ChronoUnit.MINUTES)
            .minus(ThreadLocalRandom.current().nextInt(60, 5000), ChronoUnit.MINUTES)
            .plusSeconds(ThreadLocalRandom.current().nextInt(1, 60));

    ConnectorsConfig config() {
        Map<String, String> keys = fixture.keys();
        keys.put("connectors.mqtt.enabled", "false");
        keys.put("connectors.files.enabled", "true");
        keys.put("connectors.files.landingDir", landing.toString());
        keys.put("connectors.files.poll", "100ms");
        keys.put("connectors.files.settle", "0s");
        ConfigSource source = ConfigSource.of(keys);
        ConnectorsConfig c = ConnectorsConfig.from(source);
        source.failOnUnknownKeys();
        return c;
    }

    static String local(Instant t) {
        return LocalDateTime.ofInstant(t, HCM).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    }

    /** Writes like an FTP server that renames a finished upload, with a modification time for the order. */
    void drop(String name, String content, int secondsAgo) throws IOException {
        Path tmp = landing.resolve("." + name + ".part");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Path file = Files.move(tmp, landing.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).collect(Collectors.toSet());
        }
    }

    static Observation observation(ConsumerRecord<String, byte[]> r) {
        try {
            return Observation.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    static DeadLetter deadLetter(ConsumerRecord<String, byte[]> r) {
        try {
            return DeadLetter.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachFileIsIngestedOnceAcrossRestartsAndBadOnesAreRejectedWithAReason() throws Exception {
        Instant t2 = t1.plus(5, ChronoUnit.MINUTES);
        Instant t3 = t1.plus(10, ChronoUnit.MINUTES);
        Instant t4 = t1.plus(15, ChronoUnit.MINUTES);
        String a = "pH\t7,1\t\t" + local(t1) + "\t00\r\nCOD\t12\tmg/L\t" + local(t1) + "\t00\r\n"
                + "Temp\t25.5\t°C\t" + local(t1) + "\t01\r\npH\t7.2\t\t" + local(t2) + "\t00\r\n";
        String fileA = "QN-WW-02_" + local(t1) + ".txt";
        String fileB = "QN-WW-02_copy_" + local(t1) + ".txt";
        String fileC = "QN-WW-03_" + local(t1) + ".txt";
        String fileD = "QN-WW-02_" + local(t3) + ".txt";
        String fileE = "garbage-" + nonce + ".txt";
        drop(fileA, a, 50);
        drop(fileB, a, 40);
        drop(fileC, "TSS\t30\tmg/L\t" + local(t1) + "\t00\nPM10\t1\t\t" + local(t1) + "\t00\n", 30);
        drop(fileD, "COD 12 mg/L\n" + "pH\tx\t\t" + local(t3) + "\t00\n", 20);
        drop(fileE, "pH\t7\t\t" + local(t3) + "\t00\n", 10);
        Set<String> ourFiles = Set.of(fileA, fileB, fileC, fileD, fileE, "QN-WW-02_again_" + local(t1) + ".txt",
                "QN-WW-02_" + local(t4) + ".txt");

        try (ConnectorsApp app = ConnectorsApp.start(config(), StationCatalog.builtIn(), OpsServer.newRegistry())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> names(landing).isEmpty());
            assertThat(app.ready()).isTrue();
            FileDropVerticle files = app.files().orElseThrow();
            assertThat(files.ingestedFiles()).isEqualTo(2);
            assertThat(files.duplicateFiles()).isEqualTo(1);
            assertThat(files.rejectedFiles()).isEqualTo(2);
        }
        assertThat(names(landing.resolve("done"))).containsExactlyInAnyOrder(fileA, fileB, fileC);
        assertThat(names(landing.resolve("rejected"))).containsExactlyInAnyOrder(fileD, fileD + ".reason", fileE,
                fileE + ".reason");
        assertThat(Files.readString(landing.resolve("rejected").resolve(fileD + ".reason")))
                .contains("MALFORMED_TT10").contains("NOT_A_NUMBER");

        // After a restart: the same content under a new name is not ingested again; a new file is.
        drop("QN-WW-02_again_" + local(t1) + ".txt", a, 5);
        drop("QN-WW-02_" + local(t4) + ".txt", "Flow\t3,6\tm3/h\t" + local(t4) + "\t00\n", 4);
        try (ConnectorsApp app = ConnectorsApp.start(config(), StationCatalog.builtIn(), OpsServer.newRegistry())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> names(landing).isEmpty());
            assertThat(app.files().orElseThrow().ingestedFiles()).isEqualTo(1);
            assertThat(app.files().orElseThrow().duplicateFiles()).isEqualTo(1);
        }

        try (TopicReader readings = new TopicReader(TestServices.kafka(), fixture.readings);
             TopicReader dlq = new TopicReader(TestServices.kafka(), fixture.dlq)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> readings.poll().size() >= 4 && dlq.poll().size() >= 4);
            List<Observation> obs = readings.poll().stream().map(FileDropIT::observation)
                    .filter(o -> ourFiles.contains(o.getSourceRef())).collect(Collectors.toList());
            assertThat(obs).hasSize(4).allSatisfy(o -> assertThat(o.getSource()).isEqualTo(Source.TT10_FILE));
            Observation first = obs.stream().filter(o -> o.getSourceRef().equals(fileA)
                    && o.getTimeMs() == t1.toEpochMilli()).findFirst().orElseThrow();
            assertThat(first.getStationId()).isEqualTo(80);
            assertThat(first.getMeasurementsList()).extracting(Measurement::getParameterId).containsExactly(51, 55, 50);
            assertThat(first.getMeasurementsList()).extracting(Measurement::getValue).containsExactly(7.1, 12.0, 25.5);
            assertThat(obs).filteredOn(o -> o.getSourceRef().equals(fileA)).hasSize(2);
            assertThat(obs).filteredOn(o -> o.getSourceRef().equals(fileC)).singleElement()
                    .satisfies(o -> assertThat(o.getMeasurements(0).getValue()).isEqualTo(30.0));
            assertThat(obs).filteredOn(o -> o.getTimeMs() == t4.toEpochMilli()).singleElement()
                    .satisfies(o -> assertThat(o.getMeasurements(0).getValue()).isEqualTo(3.6));

            Map<String, List<String>> reasonsByFile = dlq.poll().stream().map(FileDropIT::deadLetter)
                    .filter(l -> ourFiles.contains(l.getSourceRef())).collect(Collectors.groupingBy(
                            DeadLetter::getSourceRef, Collectors.mapping(DeadLetter::getReason, Collectors.toList())));
            assertThat(reasonsByFile).containsOnlyKeys(fileC, fileD, fileE);
            assertThat(reasonsByFile.get(fileC)).containsExactly("UNKNOWN_PARAMETER");
            assertThat(reasonsByFile.get(fileD)).containsExactly("MALFORMED_TT10", "NOT_A_NUMBER");
            assertThat(reasonsByFile.get(fileE)).containsExactly("UNKNOWN_STATION");
        }
    }
}
