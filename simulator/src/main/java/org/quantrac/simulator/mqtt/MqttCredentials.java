package org.quantrac.simulator.mqtt;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.quantrac.core.config.ConfigException;

/** MQTT passwords by user name ({@code user=password} lines, as {@code ./quantrac services up} writes them). */
public final class MqttCredentials {

    private final Map<String, String> passwords;
    private final String origin;

    public MqttCredentials(Map<String, String> passwords, String origin) {
        this.passwords = Map.copyOf(passwords);
        this.origin = origin;
    }

    public static MqttCredentials load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("MQTT credentials file " + file + " does not exist: set simulator.credentialsFile"
                    + " to the credentials.properties that `./quantrac services up` generated");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read MQTT credentials file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return new MqttCredentials(m, file.toString());
    }

    /** The password of {@code user}; fails fast naming the file when the user has none. */
    public String password(String user) {
        String p = passwords.get(user);
        if (p == null) {
            throw new ConfigException("no MQTT password for user '" + user + "' in " + origin
                    + " (station codes, quantrac-connector and quantrac-gateway are expected)");
        }
        return p;
    }

    public boolean has(String user) {
        return passwords.containsKey(user);
    }
}
