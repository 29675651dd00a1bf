package org.quantrac.processor.latest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quantrac.processor.sink.ReadingBatch;

class LatestValuesTest {

    /** A drained row, for comparing. */
    private record Row(long micros, double value, int status, int flags) {
    }

    private static Map<String, Row> rows(LatestValues.Pending p) {
        Map<String, Row> out = new HashMap<>();
        for (int i = 0; i < p.size(); i++) {
            Row previous = out.put(p.stationIds()[i] + "/" + p.parameterIds()[i],
                    new Row(p.epochMicros()[i], p.values()[i], p.statuses()[i], p.qcFlags()[i]));
            assertThat(previous).as("each series once").isNull();
        }
        return out;
    }

    private static ReadingBatch batch() {
        return new ReadingBatch(16);
    }

    @Test
    void newestTimeWinsWhateverTheOrderOfArrival() {
        LatestValues latest = new LatestValues();
        ReadingBatch b = batch();
        b.add(2_000, 1, 1, 20.0, 0, 0);
        b.add(1_000, 1, 1, 10.0, 0, 0); // late: older than what the series already has
        b.add(3_000, 1, 2, 30.0, 1, 8);
        latest.record(b);
        ReadingBatch next = batch();
        next.add(5_000, 1, 1, 50.0, 2, 4); // a later batch with a newer reading
        next.add(2_500, 1, 2, 25.0, 0, 0); // older than the recorded one
        latest.record(next);

        assertThat(rows(latest.drain())).containsOnly(
                Map.entry("1/1", new Row(5_000, 50.0, 2, 4)),
                Map.entry("1/2", new Row(3_000, 30.0, 1, 8)));
    }

    @Test
    void anEqualTimeKeepsTheFirstRecorded() {
        LatestValues latest = new LatestValues();
        ReadingBatch b = batch();
        b.add(1_000, 7, 3, 1.5, 0, 0);
        latest.record(b);
        ReadingBatch again = batch();
        again.add(1_000, 7, 3, 9.9, 2, 1);
        latest.record(again);

        assertThat(rows(latest.drain())).containsOnly(Map.entry("7/3", new Row(1_000, 1.5, 0, 0)));
    }

    @Test
    void drainEmptiesAndSeriesAreKeptApart() {
        LatestValues latest = new LatestValues();
        ReadingBatch b = batch();
        // same station different parameters, same parameter different stations, ids that share low bits
        b.add(1, 1, 1, 1.0, 0, 0);
        b.add(2, 1, 2, 2.0, 0, 0);
        b.add(3, 2, 1, 3.0, 0, 0);
        b.add(4, 65_537, 1, 4.0, 0, 0);
        latest.record(b);
        assertThat(latest.size()).isEqualTo(4);
        assertThat(rows(latest.drain())).hasSize(4).containsEntry("65537/1", new Row(4, 4.0, 0, 0));
        assertThat(latest.size()).isZero();
        assertThat(latest.drain().isEmpty()).isTrue();

        ReadingBatch later = batch();
        later.add(0, 1, 1, 0.5, 0, 0); // older than what was drained: the database's guard decides, not memory
        latest.record(later);
        assertThat(rows(latest.drain())).containsOnly(Map.entry("1/1", new Row(0, 0.5, 0, 0)));
    }

    @Test
    void aFailedFlushIsRestoredWithoutHidingNewerValues() {
        LatestValues latest = new LatestValues();
        ReadingBatch b = batch();
        b.add(1_000, 1, 1, 10.0, 0, 0);
        b.add(1_000, 2, 1, 20.0, 0, 0);
        latest.record(b);
        LatestValues.Pending failed = latest.drain();

        ReadingBatch meanwhile = batch();
        meanwhile.add(2_000, 1, 1, 11.0, 0, 0);
        latest.record(meanwhile);
        latest.restore(failed);

        assertThat(rows(latest.drain())).containsOnly(
                Map.entry("1/1", new Row(2_000, 11.0, 0, 0)),
                Map.entry("2/1", new Row(1_000, 20.0, 0, 0)));
    }

    @Test
    void thousandsOfSeriesCoalesceToOneRowEach() {
        LatestValues latest = new LatestValues();
        for (int minute = 0; minute < 5; minute++) {
            ReadingBatch b = new ReadingBatch(20_000);
            for (int station = 1; station <= 1_000; station++) {
                for (int parameter = 1; parameter <= 12; parameter++) {
                    b.add(minute * 60_000_000L, station, parameter, station * 100 + parameter + minute, 0, 0);
                }
            }
            latest.record(b);
        }
        Map<String, Row> drained = rows(latest.drain());
        assertThat(drained).hasSize(12_000);
        assertThat(drained.get("999/12")).isEqualTo(new Row(4 * 60_000_000L, 99_916.0, 0, 0));
    }
}
