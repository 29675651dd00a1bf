package org.quantrac.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class TransientSqlErrorsTest {

    @Test
    void connectionLossSerializationAndShutdownAreTransient() {
        assertThat(TransientSqlErrors.isTransient(new SQLException("connection refused", "08001"))).isTrue();
        assertThat(TransientSqlErrors.isTransient(new SQLException("i/o error", "08006"))).isTrue();
        assertThat(TransientSqlErrors.isTransient(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(TransientSqlErrors.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(TransientSqlErrors.isTransient(new SQLException("admin shutdown", "57P01"))).isTrue();
        assertThat(TransientSqlErrors.isTransient(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(TransientSqlErrors.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
    }

    @Test
    void constraintAndSyntaxErrorsAreNot() {
        assertThat(TransientSqlErrors.isTransient(new SQLException("dup", "23505"))).isFalse();
        assertThat(TransientSqlErrors.isTransient(new SQLException("no such table", "42P01"))).isFalse();
        assertThat(TransientSqlErrors.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void uniqueViolationIsFoundInTheCauseChain() {
        SQLException cause = new SQLException("duplicate key", "23505");
        BatchUpdateException wrapper = new BatchUpdateException("batch failed", "XX000", 0, new int[0], cause);
        assertThat(TransientSqlErrors.isUniqueViolation(wrapper)).isTrue();
        assertThat(TransientSqlErrors.isUniqueViolation(new SQLException("fk", "23503"))).isFalse();
    }
}
