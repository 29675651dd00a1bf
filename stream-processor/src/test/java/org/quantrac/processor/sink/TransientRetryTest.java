package org.quantrac.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

    private final AtomicInteger retries = new AtomicInteger();

    @Test
    void retriesTransientErrorsUntilTheActionSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        TransientRetry retry = new TransientRetry(Duration.ofSeconds(30), retries::incrementAndGet);

        String result = retry.run("testing", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new SQLException("connection refused", "08001");
            }
            return "stored";
        });

        assertThat(result).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
        assertThat(retries).hasValue(2);
    }

    @Test
    void otherErrorsFailAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        TransientRetry retry = new TransientRetry(Duration.ofSeconds(30), retries::incrementAndGet);

        assertThatThrownBy(() -> retry.run("testing", () -> {
            attempts.incrementAndGet();
            throw new SQLException("relation does not exist", "42P01");
        })).isInstanceOf(SQLException.class).hasMessageContaining("relation does not exist");
        assertThat(attempts).hasValue(1);
        assertThat(retries).hasValue(0);
    }

    @Test
    void transientErrorsGiveUpAtTheDeadline() {
        AtomicInteger attempts = new AtomicInteger();
        TransientRetry retry = new TransientRetry(Duration.ZERO, retries::incrementAndGet);

        assertThatThrownBy(() -> retry.run("testing", () -> {
            attempts.incrementAndGet();
            throw new SQLException("server closed the connection", "08006");
        })).isInstanceOf(SQLException.class).hasMessageContaining("server closed");
        assertThat(attempts).hasValue(1);
    }
}
