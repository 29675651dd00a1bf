package org.quantrac.core.config;

/**
 * The TimescaleDB (or plain PostgreSQL) database.
 *
 * @param url           JDBC URL
 * @param poolSize      connections in the pool
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {

    public static DatabaseConfig from(ConfigSource c) {
        String url = c.string("db.url", "jdbc:postgresql://127.0.0.1:15433/quantrac");
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("configuration db.url = '" + url
                    + "' is invalid: expected jdbc:postgresql://host:port/database");
        }
        return new DatabaseConfig(url, c.string("db.user", "quantrac"), c.string("db.password", "quantrac"),
                c.integer("db.poolSize", 4, 1, 64));
    }

    /**
     * These settings with connections defaulting to {@code schema}, then {@code public} (where TimescaleDB's functions
     * live); unchanged for {@code public} or when the URL already names a schema.
     */
    public DatabaseConfig inSchema(String schema) {
        if ("public".equals(schema) || url.contains("currentSchema=")) {
            return this;
        }
        String sep = url.contains("?") ? "&" : "?";
        return new DatabaseConfig(url + sep + "currentSchema=" + schema + ",public", user, password, poolSize);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=****, poolSize=" + poolSize + "]";
    }
}
