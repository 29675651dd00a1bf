package org.quantrac.connectors.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.connectors.kafka.KafkaPublisher;
import org.quantrac.connectors.kafka.OutgoingRecord;
import org.quantrac.connectors.kafka.ProducerSettings;
import org.quantrac.connectors.testing.TopicReader;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.testing.TestServices;

/**
 * Kafka "down" is a producer pointed at a port where nothing listens (the shared broker cannot be stopped); Kafka
 * "back" is the same buffer directory opened again with a producer on the real broker, as after a connector restart.
 */
class BufferedPublisherIT {

    @TempDir
    Path dir;

    static KafkaPublisher unreachableKafka() {
        return KafkaPublisher.create(new ProducerSettings("127.0.0.1:9", TestServices.unique("down"),
                Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(2)));
    }

    static KafkaPublisher realKafka() {
        return KafkaPublisher.create(new ProducerSettings(TestServices.kafka(), TestServices.unique("up"),
                Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    static String topicWithOnePartition() throws Exception {
        String topic = TestServices.unique("it_buffer");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            TopicSetup.awaitWritable(admin, List.of(topic), Duration.ofSeconds(30));
        }
        return topic;
    }

    static OutgoingRecord record(String topic, int i) {
        return new OutgoingRecord(topic, "QN-AQ-0" + (i % 3), ("v" + i).getBytes(StandardCharsets.UTF_8));
    }

    static List<String> values(TopicReader reader) {
        return reader.poll().stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }

    @Test
    void whatKafkaRefusesIsBufferedOnDiskSurvivesARestartAndIsForwardedInOrder() throws Exception {
        String topic = topicWithOnePartition();
        try (KafkaPublisher kafka = unreachableKafka();
             BufferedPublisher down = new BufferedPublisher(kafka, DiskBuffer.open(dir, 64L << 20, 1 << 20),
                     Duration.ofMillis(100))) {
            List<CompletableFuture<Void>> accepted = new ArrayList<>();
            for (int i = 0; i < 100; i += 2) {
                accepted.add(down.sendAll(List.of(record(topic, i), record(topic, i + 1))));
            }
            // Safe on disk although Kafka never answered: the caller may acknowledge its source now.
            CompletableFuture.allOf(accepted.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            assertThat(down.bufferedRecords()).isEqualTo(100);
            assertThat(down.healthy()).isFalse();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            expected.add("v" + i);
        }
        try (DiskBuffer reopened = DiskBuffer.open(dir, 64L << 20, 1 << 20)) {
            assertThat(reopened.records()).as("still on disk after a restart").isEqualTo(100);
        }
        try (KafkaPublisher kafka = realKafka();
             BufferedPublisher up = new BufferedPublisher(kafka, DiskBuffer.open(dir, 64L << 20, 1 << 20),
                     Duration.ofMillis(100));
             TopicReader reader = new TopicReader(TestServices.kafka(), topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> up.bufferedRecords() == 0);
            up.sendAll(List.of(record(topic, 100))).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> values(reader).size() >= 101);
            assertThat(values(reader)).containsExactlyElementsOf(expected);
            assertThat(up.healthy()).isTrue();
        }
        try (DiskBuffer reopened = DiskBuffer.open(dir, 64L << 20, 1 << 20)) {
            assertThat(reopened.records()).as("nothing left after a restart").isZero();
        }
    }

    @Test
    void aFullBufferHoldsTheCallerBackInsteadOfDropping() throws Exception {
        String topic = topicWithOnePartition();
        long fiveRecords = 5L * DiskBuffer.frameBytes(record(topic, 0));
        CompletableFuture<Void> sixth;
        try (KafkaPublisher kafka = unreachableKafka();
             BufferedPublisher down = new BufferedPublisher(kafka, DiskBuffer.open(dir, fiveRecords, 1 << 20),
                     Duration.ofMillis(100))) {
            for (int i = 0; i < 5; i++) {
                down.sendAll(List.of(record(topic, i))).get(30, TimeUnit.SECONDS);
            }
            sixth = down.sendAll(List.of(record(topic, 5)));
            await().atMost(Duration.ofSeconds(30)).until(() -> down.waitingForSpace() == 1);
            assertThat(sixth).isNotDone();
            assertThat(down.bufferedRecords()).isEqualTo(5);
        }
        // Closed while full: the sixth was never accepted, so its source (MQTT) was never acknowledged.
        assertThatThrownBy(sixth::join).isInstanceOf(CancellationException.class);
        try (KafkaPublisher kafka = realKafka();
             BufferedPublisher up = new BufferedPublisher(kafka, DiskBuffer.open(dir, fiveRecords, 1 << 20),
                     Duration.ofMillis(100));
             TopicReader reader = new TopicReader(TestServices.kafka(), topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> up.bufferedRecords() == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> values(reader).size() >= 5);
            assertThat(values(reader)).containsExactly("v0", "v1", "v2", "v3", "v4");
        }
    }
}
