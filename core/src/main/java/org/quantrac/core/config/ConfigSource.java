package org.quantrac.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw configuration: a YAML file overlaid by {@code QUANTRAC_…} environment variables. Typed records per concern read
 * their keys from here with defaults in code, and fail fast with a clear message on a bad value.
 *
 * <p>Keys are dotted camelCase paths ({@code kafka.bootstrapServers}). The matching environment variable is the key
 * upper-cased with {@code _} between words: {@code QUANTRAC_KAFKA_BOOTSTRAP_SERVERS}. Matching ignores case, dots,
 * dashes and underscores, so both spellings meet.
 */
public final class ConfigSource {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSource.class);

    private static final String ENV_PREFIX = "QUANTRAC_";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|key)$");
    /**
     * Variables of the process, not of a role's configuration: test service addresses, the logging setup read by
     * log4j2.xml, the launcher script's JVM options and the service scripts' folders.
     */
    private static final Pattern PROCESS_VARIABLES = Pattern.compile(
            "QUANTRAC_(TEST_.*|LOG_FORMAT|LOG_LEVEL|JAVA_OPTS|CACHE|STATE|STATIONS_CATALOG|DB_PORT|MQTT_PORT|KAFKA_PORT|SERVICES)");

    /** normalised key -> value. */
    private final Map<String, String> values = new TreeMap<>();
    /** normalised key -> where it came from, for messages. */
    private final Map<String, String> origins = new TreeMap<>();
    /** normalised key -> the key as code asked for it, with the effective value. */
    private final Map<String, String> used = new TreeMap<>();
    private final Map<String, String> usedValues = new TreeMap<>();

    private ConfigSource() {
    }

    /**
     * A role's typed configuration, read the one way every role reads it: the YAML file (if given) overlaid by the
     * process's {@code QUANTRAC_*} variables, keys nobody read rejected, the effective values logged once with secrets
     * masked.
     *
     * @param file   the {@code --config} file, or null
     * @param reader the role's {@code XConfig::from}
     */
    public static <T> T forRole(String role, Path file, Function<ConfigSource, T> reader) {
        ConfigSource source = load(Optional.ofNullable(file), System.getenv());
        T config = reader.apply(source);
        source.failOnUnknownKeys();
        LOG.info("{} configuration:{}", role, source.describe());
        return config;
    }

    /** Defaults only, overlaid by the given variables (tests). */
    public static ConfigSource of(Map<String, String> keys) {
        ConfigSource s = new ConfigSource();
        keys.forEach((k, v) -> s.put(k, v, "given"));
        return s;
    }

    /** The YAML file if given, then the environment's {@code QUANTRAC_*} variables on top. */
    public static ConfigSource load(Optional<Path> yamlFile, Map<String, String> env) {
        ConfigSource s = new ConfigSource();
        if (yamlFile.isPresent()) {
            Path file = yamlFile.get();
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config file " + file + " does not exist (given by --config)");
            }
            try {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                if (root != null && !root.isNull()) {
                    s.flatten("", root, file.toString());
                }
            } catch (IOException e) {
                throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && !PROCESS_VARIABLES.matcher(k).matches()) {
                s.put(k.substring(ENV_PREFIX.length()), v, "environment variable " + k);
            }
        });
        return s;
    }

    private void flatten(String prefix, JsonNode node, String origin) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), origin);
            }
        } else if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : node) {
                sb.append(sb.length() == 0 ? "" : ",").append(item.asText());
            }
            put(prefix, sb.toString(), origin);
        } else if (!node.isNull()) {
            put(prefix, node.asText(), origin);
        }
    }

    private void put(String key, String value, String origin) {
        values.put(normalise(key), value);
        origins.put(normalise(key), origin);
    }

    static String normalise(String key) {
        return key.replaceAll("[._\\-]", "").toLowerCase(Locale.ROOT);
    }

    private Optional<String> raw(String key) {
        String n = normalise(key);
        return Optional.ofNullable(values.get(n)).map(String::trim);
    }

    private <T> T remember(String key, T value) {
        used.put(normalise(key), key);
        usedValues.put(normalise(key), String.valueOf(value));
        return value;
    }

    private ConfigException bad(String key, String value, String expected) {
        return new ConfigException("configuration " + key + " = '" + value + "' (from "
                + origins.getOrDefault(normalise(key), "default") + ") is invalid: expected " + expected);
    }

    public String string(String key, String defaultValue) {
        return remember(key, raw(key).filter(v -> !v.isEmpty()).orElse(defaultValue));
    }

    public Optional<String> optional(String key) {
        Optional<String> v = raw(key).filter(s -> !s.isEmpty());
        remember(key, v.orElse(""));
        return v;
    }

    /** A required value: the message says how to set it. */
    public String required(String key) {
        return remember(key, raw(key).filter(v -> !v.isEmpty()).orElseThrow(() -> new ConfigException(
                "configuration " + key + " is required: set it in the config file or as " + envName(key))));
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return remember(key, defaultValue);
        }
        try {
            int i = Integer.parseInt(v.get().replace("_", ""));
            if (i < min || i > max) {
                throw bad(key, v.get(), "a whole number from " + min + " to " + max);
            }
            return remember(key, i);
        } catch (NumberFormatException e) {
            throw bad(key, v.get(), "a whole number from " + min + " to " + max);
        }
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return remember(key, defaultValue);
        }
        try {
            double d = Double.parseDouble(v.get());
            if (!(d >= min && d <= max)) {
                throw bad(key, v.get(), "a number from " + min + " to " + max);
            }
            return remember(key, d);
        } catch (NumberFormatException e) {
            throw bad(key, v.get(), "a number from " + min + " to " + max);
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return remember(key, defaultValue);
        }
        switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return remember(key, true);
            case "false": case "no": case "off": case "0": return remember(key, false);
            default: throw bad(key, v.get(), "true or false");
        }
    }

    /** Durations as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return remember(key, defaultValue);
        }
        Duration d = parseDuration(v.get()).orElseThrow(() -> bad(key, v.get(), "a duration such as 500ms, 30s, 5m"));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(key, v.get(), "a duration from " + min + " to " + max);
        }
        return remember(key, d);
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Optional.of(Duration.ofMillis(n));
                case "s": return Optional.of(Duration.ofSeconds(n));
                case "m": return Optional.of(Duration.ofMinutes(n));
                case "h": return Optional.of(Duration.ofHours(n));
                default: return Optional.of(Duration.ofDays(n));
            }
        }
        try {
            return Optional.of(Duration.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return remember(key, defaultValue);
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.get().replace('-', '_'))) {
                return remember(key, e);
            }
        }
        throw bad(key, v.get(), "one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    /** Whether a reader asked for this key (given or not). */
    public boolean wasRead(String key) {
        return used.containsKey(normalise(key));
    }

    /** Keys that were given but never read: a typo in a file or variable must not be silently ignored. */
    public void failOnUnknownKeys() {
        for (String n : values.keySet()) {
            if (!used.containsKey(n)) {
                throw new ConfigException("unknown configuration key '" + n + "' (from " + origins.get(n)
                        + "); known keys: " + String.join(", ", used.values()));
            }
        }
    }

    /** The effective configuration, one key per line, secrets masked; log it once at startup. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        used.forEach((n, key) -> {
            String value = usedValues.get(n);
            boolean secret = SECRET.matcher(key).matches() && !value.isEmpty();
            sb.append("\n  ").append(key).append(" = ").append(secret ? "****" : value);
        });
        return sb.toString();
    }

    /** The environment variable that sets a key. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_')
                .toUpperCase(Locale.ROOT);
    }
}
