package org.quantrac.connectors.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.quantrac.core.testing.TestServices;

/** The services' Mosquitto over TLS ({@code scripts/services.sh}: same users, dev CA made once in its state dir). */
public final class TlsBroker {

    private TlsBroker() {
    }

    /** {@code QUANTRAC_TEST_MQTT_TLS}, e.g. {@code ssl://127.0.0.1:18883}. */
    public static String uri() {
        String v = System.getenv("QUANTRAC_TEST_MQTT_TLS");
        return v == null || v.isBlank() ? "ssl://127.0.0.1:18883" : v;
    }

    /** {@code QUANTRAC_TEST_MQTT_TLS_CA}: the PEM of the CA that signed the broker's certificate. */
    public static Path ca() {
        String v = System.getenv("QUANTRAC_TEST_MQTT_TLS_CA");
        // Beside the credentials when only the older variables are exported (services.sh keeps both in one dir).
        Path p = v == null || v.isBlank() ? TestServices.mqttCredentialsFile().resolveSibling("tls").resolve("ca.crt")
                : Path.of(v);
        if (!Files.isReadable(p)) {
            throw new IllegalStateException("no MQTT TLS CA at " + p + ": run `bash scripts/services.sh up` (it makes"
                    + " the TLS listener) and export QUANTRAC_TEST_MQTT_TLS_CA from `services.sh env`");
        }
        return p;
    }
}
