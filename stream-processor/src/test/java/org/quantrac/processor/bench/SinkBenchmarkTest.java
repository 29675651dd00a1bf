package org.quantrac.processor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quantrac.processor.sink.ReadingBatch;

/** The CSV reference writes the very readings the binary COPY writes. */
class SinkBenchmarkTest {

    @Test
    void csvLinesCarryTheSameReadingsAsTheBinaryBatch() {
        int first = 99_995; // crosses from the first second (100,000 readings) into the next
        int n = 12;
        ReadingBatch batch = new ReadingBatch(n);
        SinkBenchmark.fill(batch, first, n);
        StringBuilder text = new StringBuilder();

        SinkBenchmark.csv(text, first, n);

        String[] lines = text.toString().split("\n");
        assertThat(lines).hasSize(n);
        for (int i = 0; i < n; i++) {
            String[] f = lines[i].split(",");
            Instant t = Instant.parse(f[0]);
            assertThat(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000).isEqualTo(batch.epochMicros(i));
            assertThat(Integer.parseInt(f[1])).isEqualTo(batch.stationId(i));
            assertThat(Short.parseShort(f[2])).isEqualTo(batch.parameterId(i));
            assertThat(Double.parseDouble(f[3])).isEqualTo(batch.value(i));
            assertThat(f[4]).isEqualTo("0");
            assertThat(f[5]).isEqualTo("0");
        }
        assertThat(lines[0]).isEqualTo("2026-01-01T00:00:00Z,1009999,6,99.5,0,0");
        assertThat(lines[n - 1]).startsWith("2026-01-01T00:00:01Z,1000000,7,");
    }
}
