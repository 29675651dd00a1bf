package org.quantrac.connectors.mqtt;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.MqttConfig;

/** The TLS socket factory for an {@code ssl://} broker with its own trust store (PKCS12 or JKS). */
final class MqttTls {

    private MqttTls() {
    }

    static SSLSocketFactory socketFactory(MqttConfig config) {
        Path file = Path.of(config.trustStore());
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, config.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (Exception e) {
            throw new ConfigException("cannot use MQTT trust store " + file + ": " + e.getMessage()
                    + " (a PKCS12 or JKS file with the broker's CA certificate, and its password)");
        }
    }
}
