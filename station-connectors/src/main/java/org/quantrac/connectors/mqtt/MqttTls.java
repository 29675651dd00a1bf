package org.quantrac.connectors.mqtt;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.config.MqttConfig;

/**
 * The TLS socket factory for an {@code ssl://} broker with its own trust: a PKCS12 or JKS trust store, or a PEM file
 * of CA certificates (Mosquitto's {@code cafile}, as operators usually have it). Paho takes the socket factory, the
 * Vert.x client ({@link VertxMqttLink}) the trust managers behind it.
 */
final class MqttTls {

    private MqttTls() {
    }

    static SSLSocketFactory socketFactory(MqttConfig config) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(config).getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot use MQTT trust store " + config.trustStore() + ": " + e.getMessage());
        }
    }

    static TrustManagerFactory trustManagers(MqttConfig config) {
        Path file = Path.of(config.trustStore());
        try {
            byte[] content = Files.readAllBytes(file);
            KeyStore store;
            if (new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                store = pemTrust(content);
            } else {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = new ByteArrayInputStream(content)) {
                    store.load(in, config.trustStorePassword().toCharArray());
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (Exception e) {
            throw new ConfigException("cannot use MQTT trust store " + file + ": " + e.getMessage()
                    + " (a PEM file with the broker's CA certificate, or a PKCS12 or JKS file with it and its password)");
        }
    }

    private static KeyStore pemTrust(byte[] pem) throws Exception {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no certificate in the PEM file");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    /** Whether a connection failure was the TLS handshake (an untrusted or mismatched broker certificate). */
    static boolean handshakeFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }
}
