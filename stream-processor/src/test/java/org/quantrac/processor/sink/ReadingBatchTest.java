package org.quantrac.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingBatchTest {

    @Test
    void dedupeKeepsTheFirstOfEachIdentityInOrder() {
        ReadingBatch batch = new ReadingBatch(2); // grows past its initial capacity
        for (int i = 0; i < 100; i++) {
            batch.add(1_000_000L * (i % 10), 7, 1 + i / 50, i, 0, 0);
        }
        // identities: 10 times x 2 parameters = 20; first occurrences are i = 0..9 and 50..59
        assertThat(batch.dedupe()).isEqualTo(80);
        assertThat(batch.size()).isEqualTo(20);
        for (int k = 0; k < 10; k++) {
            assertThat(batch.value(k)).isEqualTo(k);
            assertThat(batch.parameterId(k)).isEqualTo((short) 1);
            assertThat(batch.value(10 + k)).isEqualTo(50 + k);
            assertThat(batch.parameterId(10 + k)).isEqualTo((short) 2);
            assertThat(batch.epochMicros(10 + k)).isEqualTo(1_000_000L * k);
        }
        assertThat(batch.dedupe()).isZero();
        assertThat(batch.removedByDedupe()).as("counted once across repeated dedupes").isEqualTo(80);
        batch.clear();
        assertThat(batch.removedByDedupe()).isZero();
    }

    @Test
    void distinctStationsAtTheSameTimeAreNotDuplicates() {
        ReadingBatch batch = new ReadingBatch(16);
        batch.add(5, 1, 1, 1.0, 0, 0);
        batch.add(5, 2, 1, 2.0, 0, 0);
        batch.add(5, 1, 2, 3.0, 0, 0);
        batch.add(6, 1, 1, 4.0, 0, 0);
        assertThat(batch.dedupe()).isZero();
        assertThat(batch.size()).isEqualTo(4);
    }

    @Test
    void tracksFirstAndNextOffsetPerPartition() {
        ReadingBatch batch = new ReadingBatch(16);
        assertThat(batch.isEmpty()).isTrue();
        batch.consumed("t", 0, 10);
        batch.consumed("t", 1, 3);
        batch.consumed("t", 0, 11);
        batch.consumed("t", 0, 12);
        assertThat(batch.isEmpty()).isFalse();
        assertThat(batch.nextOffsets()).containsExactly(new SourceOffset("t", 0, 13), new SourceOffset("t", 1, 4));
        assertThat(batch.firstOffsets()).containsExactly(new SourceOffset("t", 0, 10), new SourceOffset("t", 1, 3));
        batch.clear();
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.nextOffsets()).isEmpty();
    }
}
