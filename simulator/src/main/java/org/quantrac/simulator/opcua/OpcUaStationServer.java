package org.quantrac.simulator.opcua;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.config.OpcUaSettings;
import org.quantrac.simulator.engine.DeliveryException;
import org.quantrac.simulator.engine.ObservationSink;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPC UA stations: one Eclipse Milo server ({@code opc.tcp://HOST:PORT/quantrac}, security None and
 * Basic256Sha256 SignAndEncrypt, anonymous) hosting one namespace per station. Values and their history live in a
 * {@link ValueHistory} outside the server, so the server can be stopped and started again (a restart fault) without
 * losing history, and HistoryRead after an outage returns what the connector missed.
 */
public final class OpcUaStationServer implements ObservationSink {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaStationServer.class);
    public static final String PATH = "/quantrac";
    private static final String APPLICATION_URI = "urn:quantrac:simulator:opcua";

    private final OpcUaSettings settings;
    private final List<Station> stations;
    private final ValueHistory history;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private OpcUaServer server;
    private final Map<String, StationNamespace> namespaces = new LinkedHashMap<>();

    public OpcUaStationServer(OpcUaSettings settings, Collection<Station> stations) {
        this.settings = settings;
        this.stations = List.copyOf(stations);
        this.history = new ValueHistory(settings.historyDepth());
        try {
            keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            certificate = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("Quantrac simulated stations")
                    .setOrganization("Quantrac")
                    .setApplicationUri(APPLICATION_URI)
                    .addDnsName("localhost")
                    .addIpAddress(settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress())
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the OPC UA server certificate: " + e.getMessage(), e);
        }
        start();
    }

    /** The endpoint clients connect to. */
    public String endpointUrl() {
        return "opc.tcp://" + host() + ":" + settings.port() + PATH;
    }

    /** The namespace URI of a station ({@code urn:quantrac:station:CODE}). */
    public static String namespaceUri(Station s) {
        return StationNamespace.namespaceUri(s);
    }

    /** The string identifier of a parameter's variable ({@code CODE/SYMBOL}); its status is {@code CODE/SYMBOL/Status}. */
    public static String variable(Station s, Parameter p) {
        return StationNamespace.variable(s, p);
    }

    private String host() {
        return settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts a new server instance over the kept history (at construction and after a restart fault). */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            MemoryTrustListManager trust = new MemoryTrustListManager();
            // A simulated station accepts any client certificate: the connector's trust is what is under test.
            CertificateValidator acceptAll = (chain, applicationUri, hostnames) -> { };
            RsaSha256CertificateFactory factory = new RsaSha256CertificateFactory() {
                @Override
                protected KeyPair createRsaSha256KeyPair() {
                    return keyPair;
                }

                @Override
                protected X509Certificate[] createRsaSha256CertificateChain(KeyPair kp) {
                    return new X509Certificate[] {certificate};
                }
            };
            DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trust,
                    new MemoryCertificateStore(), factory, acceptAll);
            Set<EndpointConfig> endpoints = new LinkedHashSet<>();
            EndpointConfig.Builder base = EndpointConfig.newBuilder()
                    .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                    .setBindAddress(settings.bindAddress())
                    .setBindPort(settings.port())
                    .setHostname(host())
                    .setPath(PATH)
                    .setCertificate(certificate)
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                    .build());
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                    .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
            OpcUaServerConfig config = OpcUaServerConfig.builder()
                    .setApplicationUri(APPLICATION_URI)
                    .setApplicationName(LocalizedText.english("Quantrac simulated stations"))
                    .setProductUri("urn:quantrac:simulator")
                    .setBuildInfo(new BuildInfo("urn:quantrac:simulator", "Quantrac", "Quantrac simulator",
                            OpcUaServer.SDK_VERSION, "", DateTime.now()))
                    .setEndpoints(endpoints)
                    .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), group))
                    .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                    .build();
            OpcUaServer s = new OpcUaServer(config,
                    profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            namespaces.clear();
            for (Station st : stations) {
                StationNamespace ns = new StationNamespace(s, st, history);
                ns.startup();
                namespaces.put(st.code(), ns);
            }
            s.startup().get(30, TimeUnit.SECONDS);
            server = s;
            LOG.info("OPC UA server for {} stations at {}", stations.size(), endpointUrl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the OPC UA server", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the OPC UA server on " + endpointUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Stops the server; values keep being recorded in the history until it starts again. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        OpcUaServer s = server;
        server = null;
        try {
            namespaces.values().forEach(StationNamespace::shutdown);
            s.shutdown().get(30, TimeUnit.SECONDS);
            LOG.info("OPC UA server at {} stopped", endpointUrl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("OPC UA server at {} did not stop cleanly: {}", endpointUrl(), e.getMessage());
        }
    }

    @Override
    public CompletableFuture<Void> send(Observation o) {
        DateTime now = DateTime.now();
        for (Measurement m : o.values()) {
            String id = StationNamespace.variable(o.station(), m.parameter());
            history.append(id, StationNamespace.value(m, o.time(), now));
            history.append(id + "/Status", new DataValue(new Variant(m.status().code()), StatusCode.GOOD,
                    new DateTime(o.time()), now));
        }
        history.append(StationNamespace.stationStatusVariable(o.station()), new DataValue(
                new Variant(StationNamespace.worstStatus(o)), StatusCode.GOOD, new DateTime(o.time()), now));
        synchronized (this) {
            StationNamespace ns = namespaces.get(o.station().code());
            if (ns == null) {
                return CompletableFuture.failedFuture(new DeliveryException("UNKNOWN_STATION", "station "
                        + o.station().code() + " is not served by the OPC UA server", null));
            }
            if (server != null) {
                ns.show(o, now);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A restart fault: the whole server stops, and starts again as a new instance over the same history. Done
     * synchronously: the observations after it must find the server in its new state.
     */
    @Override
    public CompletableFuture<Void> serverAvailability(boolean up) {
        try {
            if (up) {
                start();
            } else {
                stop();
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The station connector's OPC UA mapping file (connectors.opcua.mappingFile) for the stations served here: one
     * entry per station with this endpoint, its status node and one node per parameter.
     */
    public String connectorMapping() {
        StringBuilder sb = new StringBuilder("# Generated by the Quantrac simulator: the OPC UA stations it serves at ")
                .append(endpointUrl()).append('\n').append("stations:\n");
        for (Station s : stations) {
            String ns = "nsu=" + namespaceUri(s) + ";s=";
            sb.append("  - station: \"").append(s.code()).append("\"\n")
                    .append("    endpoint: \"").append(endpointUrl()).append("\"\n")
                    .append("    statusNode: \"").append(ns).append(StationNamespace.stationStatusVariable(s))
                    .append("\"\n")
                    .append("    nodes:\n");
            for (Parameter p : s.parameters()) {
                sb.append("      - {node: \"").append(ns).append(variable(s, p)).append("\", parameter: \"")
                        .append(p.symbol()).append("\"}\n");
            }
        }
        return sb.toString();
    }

    /** Stations served, in order. */
    public List<Station> stations() {
        return new ArrayList<>(stations);
    }

    @Override
    public void close() {
        stop();
    }
}
