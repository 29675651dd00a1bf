package org.quantrac.connectors.opcua;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The OPC UA connector.
 *
 * @param mappingFile which nodes of which server carry which station's parameters ({@link OpcUaMappingFile})
 * @param startWait   how long start waits for the servers before it completes with the missing ones retrying
 * @param keyStore    the connector's certificate (PKCS12, created on first use), for secured endpoints
 * @param trustStore  certificates of the servers the connector trusts, for secured endpoints
 */
public record OpcUaSettings(boolean enabled, Path mappingFile, Duration startWait, Path keyStore,
                            String keyStorePassword, Path trustStore, String trustStorePassword) {

    public OpcUaSettings {
        Objects.requireNonNull(mappingFile, "mappingFile");
        Objects.requireNonNull(startWait, "startWait");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
    }

    /** Settings without certificates (every station unsecured). */
    public OpcUaSettings(boolean enabled, Path mappingFile, Duration startWait) {
        this(enabled, mappingFile, startWait, Path.of("opcua-connector.p12"), "", Path.of("opcua-trusted.p12"), "");
    }

    /** The certificates for secured stations; fails with the keys to set when they are not configured. */
    public OpcUaCertificates certificates() {
        if (keyStorePassword.isEmpty() || !java.nio.file.Files.isRegularFile(trustStore)) {
            throw new org.quantrac.core.config.ConfigException("a station uses security Basic256Sha256: set "
                    + "connectors.opcua.keyStorePassword (the key store " + keyStore + " is created if missing) and "
                    + "connectors.opcua.trustStore (an existing PKCS12/JKS file with the servers' certificates, now "
                    + trustStore + ") with connectors.opcua.trustStorePassword");
        }
        return OpcUaCertificates.load(keyStore, keyStorePassword, trustStore, trustStorePassword);
    }
}
