package org.quantrac.connectors.opcua;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.quantrac.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's OPC UA application instance certificate (a PKCS12 key store, created with a self-signed certificate
 * on first use; give its certificate to the station's server to trust) and the servers it trusts (a trust store with
 * their certificates). Needed only for secured endpoints (Basic256Sha256).
 *
 * @param keyPair     the connector's key pair
 * @param certificate the connector's certificate, application URI {@value #APPLICATION_URI}
 * @param validator   accepts a server certificate only if it is in the trust store
 */
public record OpcUaCertificates(KeyPair keyPair, X509Certificate certificate, CertificateValidator validator) {

    public static final String APPLICATION_URI = "urn:quantrac:connector";
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaCertificates.class);
    private static final String ALIAS = "quantrac-connector";

    /** Loads (or first creates) the key store, and the trust store. */
    public static OpcUaCertificates load(Path keyStore, String keyStorePassword, Path trustStore,
                                         String trustStorePassword) {
        char[] password = keyStorePassword.toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(keyStore)) {
                try (InputStream in = Files.newInputStream(keyStore)) {
                    ks.load(in, password);
                }
            } else {
                ks.load(null, password);
                KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                X509Certificate cert = new SelfSignedCertificateBuilder(pair)
                        .setCommonName("Quantrac station connector")
                        .setOrganization("Quantrac")
                        .setApplicationUri(APPLICATION_URI)
                        .setValidityPeriod(java.time.Period.ofYears(5))
                        .build();
                ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] {cert});
                Path parent = keyStore.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream out = Files.newOutputStream(keyStore)) {
                    ks.store(out, password);
                }
                LOG.info("Created the connector's OPC UA certificate in {}; the stations' servers must trust it",
                        keyStore);
            }
            Key key = ks.getKey(ALIAS, password);
            X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
            if (!(key instanceof PrivateKey privateKey) || cert == null) {
                throw new ConfigException("OPC UA key store " + keyStore + " has no key entry '" + ALIAS + "'");
            }
            MemoryTrustListManager trusted = new MemoryTrustListManager();
            KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(trustStore)) {
                ts.load(in, trustStorePassword.toCharArray());
            }
            for (String alias : Collections.list(ts.aliases())) {
                if (ts.getCertificate(alias) instanceof X509Certificate c) {
                    trusted.addTrustedCertificate(c);
                }
            }
            // Only the trust chain is checked: stations' self-signed certificates rarely carry our host names.
            CertificateValidator validator = new DefaultClientCertificateValidator(trusted, Set.of(),
                    new MemoryCertificateQuarantine());
            return new OpcUaCertificates(new KeyPair(cert.getPublicKey(), privateKey), cert, validator);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("cannot use the OPC UA key store " + keyStore + " or trust store " + trustStore
                    + " (connectors.opcua.keyStore / trustStore and their passwords): " + e.getMessage());
        }
    }
}
