package org.quantrac.connectors.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * {@code opcua browse}: the node tree below Objects (without the standard Server object), with each variable's node
 * id in the mapping file's stable {@code nsu=} form and its data type, so a technician can write the mapping.
 */
public final class OpcUaBrowser {

    private OpcUaBrowser() {
    }

    /** One line per node, indented by depth: {@code name  nodeId  [DataType]} for variables. */
    public static List<String> browse(String endpoint, int maxDepth) throws UaException {
        OpcUaClient client = OpcUaClient.create(endpoint,
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                        .filter(e -> e.getSecurityMode() == MessageSecurityMode.None)
                        .findFirst(),
                transport -> transport.setConnectTimeout(uint(5_000)),
                builder -> builder.setApplicationUri("urn:quantrac:browser")
                        .setApplicationName(LocalizedText.english("Quantrac OPC UA browser"))
                        .setIdentityProvider(new AnonymousProvider()));
        client.connect();
        try {
            List<String> lines = new ArrayList<>();
            walk(client, NodeIds.ObjectsFolder, 0, maxDepth, lines, new HashSet<>(), new HashMap<>());
            return lines;
        } finally {
            client.disconnect();
        }
    }

    private static void walk(OpcUaClient client, NodeId parent, int depth, int maxDepth, List<String> lines,
                             Set<NodeId> seen, Map<NodeId, String> typeNames) throws UaException {
        if (depth >= maxDepth || !seen.add(parent)) {
            return;
        }
        BrowseResult result = client.browse(new BrowseDescription(parent, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true,
                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue())));
        ReferenceDescription[] refs = result.getReferences();
        if (refs == null) {
            return;
        }
        for (ReferenceDescription r : refs) {
            NodeId id = r.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
            if (id == null || id.equals(NodeIds.Server)) {
                continue;
            }
            String indent = "  ".repeat(depth);
            if (r.getNodeClass() == NodeClass.Variable) {
                lines.add(indent + r.getDisplayName().text() + "  " + stableId(client, id) + "  ["
                        + dataType(client, id, typeNames) + "]");
            } else {
                lines.add(indent + r.getDisplayName().text() + "/");
            }
            walk(client, id, depth + 1, maxDepth, lines, seen, typeNames);
        }
    }

    /** {@code nsu=<uri>;s=…}: unlike the namespace index, the URI does not change when the server is rebuilt. */
    static String stableId(OpcUaClient client, NodeId id) {
        String parseable = id.toParseableString();
        if (id.getNamespaceIndex().intValue() == 0) {
            return parseable;
        }
        String uri = client.getNamespaceTable().get(id.getNamespaceIndex());
        int sep = parseable.indexOf(';');
        return uri == null || sep < 0 ? parseable : "nsu=" + uri + parseable.substring(sep);
    }

    private static String dataType(OpcUaClient client, NodeId variable, Map<NodeId, String> names)
            throws UaException {
        DataValue type = client.read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(variable,
                AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE))).getResults()[0];
        if (!(type.getValue().getValue() instanceof NodeId typeId)) {
            return "?";
        }
        String known = names.get(typeId);
        if (known != null) {
            return known;
        }
        DataValue name = client.read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(typeId,
                AttributeId.BrowseName.uid(), null, QualifiedName.NULL_VALUE))).getResults()[0];
        String text = name.getValue().getValue() instanceof QualifiedName q ? q.name() : typeId.toParseableString();
        names.put(typeId, text);
        return text;
    }
}
