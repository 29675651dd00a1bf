package org.quantrac.processor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.testing.TestServices;

/** The benchmark's mechanics on a real database (small N; never its speed). */
class SinkBenchmarkIT {

    private final DatabaseConfig database = new DatabaseConfig(TestServices.dbUrl(), TestServices.dbUser(),
            TestServices.dbPassword(), 2);

    private long benchSchemas() throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'bench\\_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rawCopiesAndProcessorPathStoreEveryRowAndDropTheirSchemas() throws SQLException {
        long schemasBefore = benchSchemas();

        SinkBenchmark.Result raw = SinkBenchmark.run(database, 250_000);
        SinkBenchmark.Result sink = SinkBenchmark.runProcessorPath(database, 123_457, 10_000);
        SinkBenchmark.Result csv = SinkBenchmark.runCsv(database, 150_001);

        // each run verifies count(*) = rows before it reports; a short count would have thrown
        assertThat(raw.rows()).isEqualTo(250_000);
        assertThat(raw.method()).isEqualTo("raw_copy");
        assertThat(raw.rowsPerS()).isEqualTo(raw.rows() / raw.seconds());
        assertThat(sink.rows()).isEqualTo(123_457);
        assertThat(csv.rows()).isEqualTo(150_001);
        assertThat(csv.method()).isEqualTo("raw_copy_csv");
        assertThat(raw.toJson()).startsWith("{\"method\":\"raw_copy\",\"rows\":250000,");
        assertThat(benchSchemas()).isEqualTo(schemasBefore);
    }
}
