package org.quantrac.connectors.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/** An in-process OPC UA server standing in for a station's PLC: double variables the test sets, in its namespace. */
public final class TestOpcUaServer implements AutoCloseable {

    public static final String NAMESPACE = "urn:quantrac:test-station";
    private static final String SERVER_URI = "urn:quantrac:test-station:server";

    private final OpcUaServer server;
    private final StationNamespace namespace;
    private final int port;
    private final X509Certificate certificate;

    public TestOpcUaServer(int port, List<String> variables) throws Exception {
        this(port, variables, server -> { });
    }

    /** @param beforeStart runs after the nodes exist and before clients can connect (e.g. to preload history) */
    public TestOpcUaServer(int port, List<String> variables, Consumer<TestOpcUaServer> beforeStart) throws Exception {
        this(port, variables, beforeStart, null);
    }

    /**
     * A server whose only usable endpoint is Basic256Sha256 / SignAndEncrypt with a user name and password (the
     * unsecured endpoint is there for discovery, and anonymous users are refused).
     */
    public static TestOpcUaServer secured(int port, List<String> variables, String user, String password)
            throws Exception {
        return new TestOpcUaServer(port, variables, s -> { }, new String[] {user, password});
    }

    private TestOpcUaServer(int port, List<String> variables, Consumer<TestOpcUaServer> beforeStart,
                            String[] userAndPassword) throws Exception {
        this.port = port;
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setBindAddress("127.0.0.1")
                .setHostname("127.0.0.1")
                .setBindPort(port)
                .setPath("/station");
        OpcUaServerConfigBuilder config = OpcUaServerConfig.builder()
                .setApplicationUri(SERVER_URI)
                .setApplicationName(LocalizedText.english("Quantrac test station"))
                .setProductUri("urn:quantrac:test-station");
        if (userAndPassword == null) {
            certificate = null;
            config.setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
                    .setEndpoints(Set.of(base.setSecurityPolicy(SecurityPolicy.None)
                            .setSecurityMode(MessageSecurityMode.None)
                            .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS).build()));
        } else {
            KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            certificate = new SelfSignedCertificateBuilder(keys).setCommonName("Quantrac test station")
                    .setApplicationUri(SERVER_URI).addIpAddress("127.0.0.1").addDnsName("localhost").build();
            Path store = Files.createDirectories(Path.of("target", "opcua-server", String.valueOf(port)))
                    .resolve("server.pfx");
            Files.deleteIfExists(store);
            RsaSha256CertificateFactory factory = new RsaSha256CertificateFactory() {
                @Override
                public KeyPair createKeyPair(NodeId certificateTypeId) {
                    return keys;
                }

                @Override
                protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                    return new X509Certificate[] {certificate};
                }
            };
            // The test server accepts any client certificate; the connector's side is what is under test.
            DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(new MemoryTrustListManager(),
                    KeyStoreCertificateStore.createAndInitialize(new KeyStoreCertificateStore.Settings(store,
                            "test"::toCharArray, alias -> "test".toCharArray())),
                    factory, new CertificateValidator.InsecureCertificateValidator());
            base.setCertificate(certificate);
            config.setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), group))
                    .setIdentityValidator(new UsernameIdentityValidator(c -> userAndPassword[0].equals(c.getUsername())
                            && userAndPassword[1].equals(c.getPassword())))
                    .setEndpoints(Set.of(
                            base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                                    .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS).build(),
                            base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                                    .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
                                    .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME).build()));
        }
        server = new OpcUaServer(config.build(), profile -> new OpcTcpServerTransport(
                OpcTcpServerTransportConfig.newBuilder().build()));
        namespace = new StationNamespace(server, variables);
        namespace.startup();
        beforeStart.accept(this);
        server.startup().get(30, TimeUnit.SECONDS);
    }

    /** The server's certificate (secured servers only): what the connector's trust store must contain. */
    public X509Certificate certificate() {
        return certificate;
    }

    public String endpoint() {
        return "opc.tcp://127.0.0.1:" + port + "/station";
    }

    /** The node id the connector's mapping uses: stable across restarts (namespace URI, not index). */
    public static String nodeId(String variable) {
        return "nsu=" + NAMESPACE + ";s=" + variable;
    }

    /** Sets a variable's value with this source timestamp (the measurement time); the server keeps it in history. */
    public void set(String variable, Object value, Instant sourceTime) {
        DataValue v = new DataValue(new Variant(value), StatusCode.GOOD, new DateTime(sourceTime), DateTime.now());
        namespace.variables.get(variable).setValue(v);
        namespace.history.computeIfAbsent(variable, k -> new CopyOnWriteArrayList<>()).add(v);
    }

    /** The subscriptions clients hold on this server, as the server sees them. */
    public java.util.Collection<org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription> subscriptions() {
        return List.copyOf(server.getSubscriptions().values());
    }

    /** Sets a variable to a Bad value (an instrument fault). */
    public void setBad(String variable, Instant sourceTime) {
        namespace.variables.get(variable).setValue(new DataValue(Variant.NULL_VALUE, StatusCode.BAD,
                new DateTime(sourceTime), DateTime.now()));
    }

    /** Idempotent. */
    @Override
    public void close() {
        namespace.shutdown();
        try {
            server.shutdown().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("OPC UA test server did not shut down", e);
        }
    }

    private static final class StationNamespace extends ManagedNamespaceWithLifecycle {

        private final SubscriptionModel subscriptions;
        private final Map<String, UaVariableNode> variables = new LinkedHashMap<>();
        private final Map<String, List<DataValue>> history = new ConcurrentHashMap<>();
        private final OpcUaServer opcUaServer;

        StationNamespace(OpcUaServer server, List<String> names) {
            super(server, NAMESPACE);
            this.opcUaServer = server;
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(() -> {
                UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId("Station"),
                        newQualifiedName("Station"), LocalizedText.english("Station"));
                getNodeManager().addNode(folder);
                folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes,
                        NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));
                for (String name : names) {
                    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(name))
                            .setBrowseName(newQualifiedName(name))
                            .setDisplayName(LocalizedText.english(name))
                            .setDataType(NodeIds.Double)
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .setAccessLevel(AccessLevel.CurrentRead, AccessLevel.HistoryRead)
                            .setUserAccessLevel(AccessLevel.CurrentRead, AccessLevel.HistoryRead)
                            .setHistorizing(true)
                            .build();
                    node.setValue(new DataValue(new Variant(0.0)));
                    getNodeManager().addNode(node);
                    folder.addOrganizes(node);
                    variables.put(name, node);
                }
            });
        }

        /** Raw history between the requested start and end, as a PLC historian would answer. */
        @Override
        public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
                                                   TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
            List<HistoryReadResult> results = new ArrayList<>();
            for (HistoryReadValueId id : ids) {
                String name = variables.entrySet().stream().filter(e -> e.getValue().getNodeId().equals(id.getNodeId()))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (name == null || !(details instanceof ReadRawModifiedDetails raw)) {
                    results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported),
                            ByteString.NULL_VALUE, ExtensionObject.encode(opcUaServer.getStaticEncodingContext(),
                            new HistoryData(new DataValue[0]))));
                    continue;
                }
                Instant from = raw.getStartTime().getJavaInstant();
                Instant to = raw.getEndTime().getJavaInstant();
                DataValue[] values = history.getOrDefault(name, List.of()).stream().filter(v -> {
                    Instant t = v.getSourceTime().getJavaInstant();
                    return !t.isBefore(from) && !t.isAfter(to);
                }).toArray(DataValue[]::new);
                results.add(new HistoryReadResult(StatusCode.GOOD, ByteString.NULL_VALUE,
                        ExtensionObject.encode(opcUaServer.getStaticEncodingContext(), new HistoryData(values))));
            }
            return results;
        }

        @Override
        public void onDataItemsCreated(List<DataItem> items) {
            subscriptions.onDataItemsCreated(items);
        }

        @Override
        public void onDataItemsModified(List<DataItem> items) {
            subscriptions.onDataItemsModified(items);
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> items) {
            subscriptions.onDataItemsDeleted(items);
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> items) {
            subscriptions.onMonitoringModeChanged(items);
        }
    }
}
