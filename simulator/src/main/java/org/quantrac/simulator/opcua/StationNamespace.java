package org.quantrac.simulator.opcua;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;

/**
 * One station's OPC UA namespace ({@code urn:quantrac:station:CODE}): a folder {@code CODE} under Objects with the
 * station's overall status ({@code CODE/Status}, the worst of its parameters') and a
 * Double variable per parameter ({@code CODE/SYMBOL}, historizing, source timestamp = measurement time, status code
 * Good / Uncertain (calibrating) / Bad_DeviceFailure) and its Circular 10/2021 status as a String variable
 * ({@code CODE/SYMBOL/Status}: 00, 01, 02). HistoryRead (raw) answers from the station's {@link ValueHistory}.
 */
final class StationNamespace extends ManagedNamespaceWithLifecycle {

    private static final Set<AccessLevel> READ_AND_HISTORY =
            EnumSet.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead);

    private final Station station;
    private final ValueHistory history;
    private final SubscriptionModel subscriptions;
    private final Map<String, UaVariableNode> valueNodes = new HashMap<>();
    private final Map<String, UaVariableNode> statusNodes = new HashMap<>();
    private UaVariableNode stationStatus;

    StationNamespace(OpcUaServer server, Station station, ValueHistory history) {
        super(server, namespaceUri(station));
        this.station = station;
        this.history = history;
        this.subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
        getLifecycleManager().addStartupTask(this::createNodes);
    }

    static String namespaceUri(Station s) {
        return "urn:quantrac:station:" + s.code();
    }

    static String variable(Station s, Parameter p) {
        return s.code() + "/" + p.symbol();
    }

    /** The station's overall status: the worst of its parameters' (02 over 01 over 00). */
    static String stationStatusVariable(Station s) {
        return s.code() + "/Status";
    }

    static String worstStatus(Observation o) {
        StationStatus worst = StationStatus.MEASURING;
        for (Measurement m : o.values()) {
            if (m.status().ordinal() > worst.ordinal()) {
                worst = m.status();
            }
        }
        return worst.code();
    }

    private void createNodes() {
        UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(station.code()),
                newQualifiedName(station.code()), LocalizedText.english(station.name() == null ? station.code()
                : station.name()));
        getNodeManager().addNode(folder);
        folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        stationStatus = addVariable(folder, stationStatusVariable(station), "Status", "Station status",
                NodeIds.String, AccessLevel.READ_ONLY,
                history.latest(stationStatusVariable(station)).orElse(new DataValue(new Variant("00"))));
        for (Parameter p : station.parameters()) {
            String id = variable(station, p);
            // After a restart the variable shows the last value the datalogger had, not an empty one.
            valueNodes.put(p.symbol(), addVariable(folder, id, p.symbol(), p.symbol() + " (" + p.unit() + ")",
                    NodeIds.Double, READ_AND_HISTORY,
                    history.latest(id).orElse(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)))));
            statusNodes.put(p.symbol(), addVariable(folder, id + "/Status", p.symbol() + "/Status",
                    p.symbol() + " status", NodeIds.String, AccessLevel.READ_ONLY,
                    history.latest(id + "/Status").orElse(new DataValue(new Variant("00")))));
        }
    }

    /**
     * A variable organized under the station's folder, showing {@code initial} until the next observation; it is
     * historizing exactly when its access includes HistoryRead, so that the two cannot disagree.
     */
    private UaVariableNode addVariable(UaFolderNode folder, String id, String browseName, String displayName,
                                       NodeId dataType, Set<AccessLevel> access, DataValue initial) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(browseName))
                .setDisplayName(LocalizedText.english(displayName))
                .setDataType(dataType)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(access)
                .setUserAccessLevel(access)
                .setHistorizing(access.contains(AccessLevel.HistoryRead))
                .build();
        node.setValue(initial);
        getNodeManager().addNode(node);
        folder.addOrganizes(node);
        return node;
    }

    /** Shows the observation's values (the subscription model samples them for monitored items). */
    void show(Observation o, DateTime serverTime) {
        if (stationStatus != null) {
            stationStatus.setValue(new DataValue(new Variant(worstStatus(o)), StatusCode.GOOD, new DateTime(o.time()),
                    serverTime));
        }
        for (Measurement m : o.values()) {
            UaVariableNode v = valueNodes.get(m.parameter().symbol());
            UaVariableNode s = statusNodes.get(m.parameter().symbol());
            if (v != null) {
                v.setValue(value(m, o.time(), serverTime));
            }
            if (s != null) {
                s.setValue(new DataValue(new Variant(m.status().code()), StatusCode.GOOD, new DateTime(o.time()),
                        serverTime));
            }
        }
    }

    static DataValue value(Measurement m, Instant time, DateTime serverTime) {
        return new DataValue(new Variant(m.value()), quality(m.status()), new DateTime(time), serverTime);
    }

    static StatusCode quality(StationStatus status) {
        switch (status) {
            case CALIBRATING: return new StatusCode(StatusCodes.Uncertain);
            case DEVICE_ERROR: return new StatusCode(StatusCodes.Bad_DeviceFailure);
            default: return StatusCode.GOOD;
        }
    }

    /**
     * Raw history (ReadRawModifiedDetails, not modified values): values with a source time in [start, end]; when
     * more than numValuesPerNode match, the continuation point is the source time to resume after.
     */
    @Override
    public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
                                               TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
        List<HistoryReadResult> results = new ArrayList<>(ids.size());
        for (HistoryReadValueId id : ids) {
            if (!(details instanceof ReadRawModifiedDetails) || Boolean.TRUE.equals(((ReadRawModifiedDetails) details)
                    .getIsReadModified())) {
                results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported),
                        ByteString.NULL_VALUE, null));
                continue;
            }
            ReadRawModifiedDetails raw = (ReadRawModifiedDetails) details;
            Instant from = instant(raw.getStartTime(), Instant.MIN);
            Instant to = instant(raw.getEndTime(), Instant.MAX);
            if (from.isAfter(to)) {
                Instant t = from;
                from = to;
                to = t;
            }
            ByteString cp = id.getContinuationPoint();
            if (cp != null && !cp.isNullOrEmpty()) {
                ByteBuffer b = ByteBuffer.wrap(cp.bytes());
                from = Instant.ofEpochSecond(b.getLong(), b.getInt());
            }
            int max = raw.getNumValuesPerNode() == null ? 0 : raw.getNumValuesPerNode().intValue();
            Object identifier = id.getNodeId().getIdentifier();
            List<DataValue> values = history.read(String.valueOf(identifier), from, to, max == 0 ? 0 : max + 1);
            ByteString next = ByteString.NULL_VALUE;
            if (max > 0 && values.size() > max) {
                Instant resume = values.get(max).getSourceTime().getJavaInstant();
                values = values.subList(0, max);
                next = ByteString.of(ByteBuffer.allocate(12).putLong(resume.getEpochSecond())
                        .putInt(resume.getNano()).array());
            }
            results.add(new HistoryReadResult(StatusCode.GOOD, next, ExtensionObject.encode(
                    getServer().getStaticEncodingContext(), new HistoryData(values.toArray(new DataValue[0])))));
        }
        return results;
    }

    private static Instant instant(DateTime t, Instant orElse) {
        if (t == null || t.isNull() || t.getUtcTime() <= 0) {
            return orElse;
        }
        return t.getJavaInstant();
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
