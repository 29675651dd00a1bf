package org.quantrac.processor.latest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatestFlusherTest {

    @Test
    void fastFlushesKeepTheIntervalAndSlowOnesWaitNineTimesTheirDuration() {
        assertThat(LatestFlusher.nextDelayMs(2_000, 6)).isEqualTo(2_000);
        assertThat(LatestFlusher.nextDelayMs(2_000, 222)).isEqualTo(2_000);
        assertThat(LatestFlusher.nextDelayMs(2_000, 500)).isEqualTo(4_500);
        assertThat(LatestFlusher.nextDelayMs(100, 0)).isEqualTo(100);
    }
}
