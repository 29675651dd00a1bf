package org.quantrac.connectors.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetTimesTest {

    private static Instant standard(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T07:05:00+07:00", "2026-11-28T00:05:00Z", "2024-02-29T23:59:59.999999999-03:30",
            "2026-11-28T07:05:00.1+07:00", "2026-01-01T00:00:00.123456-00:00", "0001-01-01T00:00:00+18:00",
            "9999-12-31T23:59:59-18:00", "2026-11-28T07:05:00.500Z"})
    void theUsualShapesGiveWhatDateTimeFormatterGives(String s) {
        assertThat(OffsetTimes.parseCommon(s)).isNotNull().isEqualTo(standard(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T07:05+07:00", "2026-11-28t07:05:00+07:00", "2026-11-28T07:05:00z",
            "2026-11-28T07:05:00+07:00:00", "2026-11-28T07:05:00+0700", "2026-11-28T07:05:00", "+2026-11-28T07:05:00Z",
            "2026-11-28T07:05:00.Z", "2026-11-28T07:05:00.1234567890Z", "2026-02-29T07:05:00Z", "2026-11-31T07:05:00Z",
            "2026-13-01T07:05:00Z", "2026-11-28T24:00:00Z", "2026-11-28T07:60:00Z", "2026-11-28T07:05:60Z",
            "2026-11-28T07:05:00+18:01", "2026-11-28T07:05:00+19:00", "2026-11-28T07:05:00+07:60",
            "2026-11-28 07:05:00+07:00", "٢٠٢٦-11-28T07:05:00Z"})
    void everythingElseIsLeftToDateTimeFormatter(String s) {
        assertThat(OffsetTimes.parseCommon(s)).isNull();
    }

    /** Random strings near the usual shape: whenever the fast path answers, it answers what DateTimeFormatter does. */
    @Test
    void neverDisagreesWithDateTimeFormatter() {
        Random random = new Random(20261128);
        String alphabet = "0123456789-:T.Z+ tz";
        int answered = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
            int fraction = random.nextInt(12) - 1;
            if (fraction >= 0) {
                b.append('.');
                for (int k = 0; k < fraction; k++) {
                    b.append((char) ('0' + random.nextInt(10)));
                }
            }
            switch (random.nextInt(4)) {
                case 0 -> b.append('Z');
                case 1 -> b.append(String.format("%c%02d:%02d", random.nextBoolean() ? '+' : '-', random.nextInt(20),
                        random.nextInt(62)));
                case 2 -> b.append(String.format("+%02d%02d", random.nextInt(19), random.nextInt(60)));
                default -> { }
            }
            if (random.nextInt(10) == 0) {
                b.setCharAt(random.nextInt(b.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            Instant fast = OffsetTimes.parseCommon(s);
            if (fast != null) {
                answered++;
                assertThat(fast).as(s).isEqualTo(standard(s));
            }
        }
        assertThat(answered).as("the fast path answered a good share of the samples").isGreaterThan(20_000);
    }
}
