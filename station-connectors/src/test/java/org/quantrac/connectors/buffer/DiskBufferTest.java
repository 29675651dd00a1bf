package org.quantrac.connectors.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quantrac.connectors.kafka.OutgoingRecord;

class DiskBufferTest {

    @TempDir
    Path dir;

    static OutgoingRecord record(int i) {
        return new OutgoingRecord(i % 2 == 0 ? "readings" : "dlq", i % 3 == 0 ? null : "QN-AQ-0" + (i % 10),
                ("value-" + i).getBytes(StandardCharsets.UTF_8));
    }

    static List<String> values(List<DiskBuffer.Entry> entries) {
        return entries.stream().map(e -> new String(e.record().value(), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }

    @Test
    void recordsComeBackInOrderWithTopicAndKeyAndAreForgottenWhenCommitted() {
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 1 << 16)) {
            for (int i = 0; i < 10; i++) {
                assertThat(b.append(List.of(record(i)))).isTrue();
            }
            assertThat(b.records()).isEqualTo(10);
            List<DiskBuffer.Entry> first = b.peek(4);
            assertThat(values(first)).containsExactly("value-0", "value-1", "value-2", "value-3");
            assertThat(first.get(0).record().topic()).isEqualTo("readings");
            assertThat(first.get(0).record().key()).isNull();
            assertThat(first.get(1).record().topic()).isEqualTo("dlq");
            assertThat(first.get(1).record().key()).isEqualTo("QN-AQ-01");
            assertThat(values(b.peek(4))).as("peek removes nothing").containsExactly("value-0", "value-1",
                    "value-2", "value-3");
            b.commit(first.subList(0, 3));
            assertThat(b.records()).isEqualTo(7);
            assertThat(values(b.peek(100))).containsExactly("value-3", "value-4", "value-5", "value-6", "value-7",
                    "value-8", "value-9");
            b.commit(b.peek(100));
            assertThat(b.records()).isZero();
            assertThat(b.bytes()).isZero();
            assertThat(b.peek(10)).isEmpty();
        }
    }

    @Test
    void pendingRecordsSurviveARestartAndCommittedOnesDoNot() {
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 256)) {
            for (int i = 0; i < 50; i++) {
                b.append(List.of(record(i), record(1000 + i)));
            }
            b.commit(b.peek(30));
        }
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 256)) {
            assertThat(b.records()).isEqualTo(70);
            List<String> all = values(b.peek(1000));
            assertThat(all).hasSize(70);
            assertThat(all.get(0)).isEqualTo("value-15");
            assertThat(all.get(1)).isEqualTo("value-1015");
            assertThat(all.get(69)).isEqualTo("value-1049");
            b.append(List.of(record(7777)));
            assertThat(values(b.peek(1000))).hasSize(71).last().isEqualTo("value-7777");
        }
    }

    @Test
    void deliveredSegmentsAreDeleted() throws IOException {
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 200)) {
            for (int i = 0; i < 100; i++) {
                b.append(List.of(record(i)));
            }
            assertThat(segmentCount()).isGreaterThan(5);
            while (b.records() > 0) {
                b.commit(b.peek(7));
            }
            assertThat(segmentCount()).isLessThanOrEqualTo(1);
        }
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 200)) {
            assertThat(b.records()).isZero();
            assertThat(b.peek(10)).isEmpty();
        }
    }

    private long segmentCount() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-")).count();
        }
    }

    @Test
    void aFullBufferRefusesAndAcceptsAgainOnceDrained() {
        int frame = DiskBuffer.frameBytes(record(1));
        try (DiskBuffer b = DiskBuffer.open(dir, frame * 5L, 1 << 16)) {
            List<OutgoingRecord> three = new ArrayList<>(List.of(record(1), record(3), record(5)));
            assertThat(b.append(three)).isTrue();
            assertThat(b.append(three)).as("all or nothing").isFalse();
            assertThat(b.records()).isEqualTo(3);
            assertThat(b.append(List.of(record(7), record(9)))).isTrue();
            assertThat(b.append(List.of(record(11)))).isFalse();
            b.commit(b.peek(1));
            assertThat(b.append(List.of(record(11)))).isTrue();
            assertThat(values(b.peek(10))).containsExactly("value-3", "value-5", "value-7", "value-9", "value-11");
        }
    }

    @Test
    void aTornWriteAtTheEndIsCutOffOnOpen() throws IOException {
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 1 << 16)) {
            b.append(List.of(record(1), record(2)));
        }
        Path segment;
        try (Stream<Path> s = Files.list(dir)) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3})); // half a frame, as after a crash
        }
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 1 << 16)) {
            assertThat(b.records()).isEqualTo(2);
            b.append(List.of(record(3)));
            assertThat(values(b.peek(10))).containsExactly("value-1", "value-2", "value-3");
        }
    }

    @Test
    void twoConnectorsCannotShareABufferDirectory() {
        try (DiskBuffer b = DiskBuffer.open(dir, 1 << 20, 1 << 16)) {
            assertThat(b.records()).isZero();
            assertThatThrownBy(() -> DiskBuffer.open(dir, 1 << 20, 1 << 16))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another connector");
        }
    }
}
