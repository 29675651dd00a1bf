package org.quantrac.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BinaryCopyEncoderTest {

    @Test
    void writesHeaderTuplesAndTrailerInPostgresBinaryFormat() {
        ReadingBatch batch = new ReadingBatch(4);
        Instant t = Instant.parse("2026-11-27T17:00:00.123Z");
        long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
        batch.add(micros, 1001, 1, 23.5, 1, 0b101);
        batch.add(micros + 60_000_000L, 1002, 55, -0.25, 0, 0);

        BinaryCopyEncoder encoder = new BinaryCopyEncoder().encode(batch);
        ByteBuffer b = ByteBuffer.wrap(encoder.buffer(), 0, encoder.length());

        byte[] signature = new byte[11];
        b.get(signature);
        assertThat(signature)
                .containsExactly(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0});
        assertThat(b.getInt()).isZero();
        assertThat(b.getInt()).isZero();

        // 2026-11-27T17:00:00.123Z is 849,114,000.123 s after 2000-01-01T00:00Z.
        assertTuple(b, 849_114_000_123_000L, 1001, (short) 1, 23.5, (short) 1, 5);
        assertTuple(b, 849_114_060_123_000L, 1002, (short) 55, -0.25, (short) 0, 0);
        assertThat(b.getShort()).isEqualTo((short) -1);
        assertThat(b.remaining()).isZero();
        assertThat(encoder.length()).isEqualTo(11 + 8 + 2 * BinaryCopyEncoder.TUPLE_BYTES + 2);
    }

    private static void assertTuple(ByteBuffer b, long pgMicros, int station, short parameter, double value,
                                    short status, int flags) {
        assertThat(b.getShort()).isEqualTo((short) 6);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).isEqualTo(pgMicros);
        assertThat(b.getInt()).isEqualTo(4);
        assertThat(b.getInt()).isEqualTo(station);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getShort()).isEqualTo(parameter);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getDouble()).isEqualTo(value);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getShort()).isEqualTo(status);
        assertThat(b.getInt()).isEqualTo(4);
        assertThat(b.getInt()).isEqualTo(flags);
    }

    @Test
    void emptyBatchIsHeaderAndTrailerOnly() {
        BinaryCopyEncoder encoder = new BinaryCopyEncoder().encode(new ReadingBatch(1));
        assertThat(encoder.length()).isEqualTo(11 + 8 + 2);
    }
}
