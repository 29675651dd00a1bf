package org.quantrac.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The services {@code scripts/services.sh} runs on this machine, as configuration for the roles: the demo and the
 * benchmarks run every role in one process against them.
 *
 * @param env the variables {@code services.sh up} prints (QUANTRAC_TEST_KAFKA, …)
 */
record RunningServices(Map<String, String> env, Properties mqttCredentials) {

    /** Runs {@code services.sh up} (idempotent; its progress goes to the terminal) and reads what it prints. */
    static RunningServices up(Path home) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("bash", home.resolve("scripts/services.sh").toString(), "up"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).directory(home.toFile()).start();
        Map<String, String> env = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String l = line.startsWith("export ") ? line.substring(7) : line;
                int eq = l.indexOf('=');
                if (eq > 0) {
                    env.put(l.substring(0, eq).trim(), unquote(l.substring(eq + 1).trim()));
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`./quantrac services up` failed (exit " + p.exitValue()
                    + "); its messages above say which service failed and where its log is");
        }
        Properties credentials = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(env.get("QUANTRAC_TEST_MQTT_CREDENTIALS")))) {
            credentials.load(r);
        }
        return new RunningServices(env, credentials);
    }

    /** Configuration keys of every role pointing at these services. */
    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrapServers", env.get("QUANTRAC_TEST_KAFKA"));
        s.put("db.url", env.get("QUANTRAC_TEST_DB_URL"));
        s.put("db.user", env.get("QUANTRAC_TEST_DB_USER"));
        s.put("db.password", env.get("QUANTRAC_TEST_DB_PASSWORD"));
        s.put("connectors.mqtt.serverUri", env.get("QUANTRAC_TEST_MQTT"));
        s.put("connectors.mqtt.password", mqttCredentials.getProperty("quantrac-connector"));
        s.put("simulator.mqtt.serverUri", env.get("QUANTRAC_TEST_MQTT"));
        s.put("simulator.credentialsFile", env.get("QUANTRAC_TEST_MQTT_CREDENTIALS"));
        return s;
    }

    /** A psql command line for the database. */
    String psql() {
        return "psql postgresql://" + env.get("QUANTRAC_TEST_DB_USER") + ":" + env.get("QUANTRAC_TEST_DB_PASSWORD")
                + "@" + env.get("QUANTRAC_TEST_DB_URL").replace("jdbc:postgresql://", "");
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
