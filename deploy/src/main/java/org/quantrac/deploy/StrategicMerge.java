package org.quantrac.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The part of Kubernetes' strategic merge patch the overlays use: maps merge key by key, a null deletes, and the
 * lists below merge element by element on their merge key (as in the Kubernetes API's patchMergeKey); every other
 * list is replaced. For custom resources ({@code builtIn} false) this is a JSON merge patch (RFC 7386): all lists are
 * replaced, which is what kustomize does for kinds it has no schema of.
 */
final class StrategicMerge {

    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "ports", "containerPort",
            "imagePullSecrets", "name");

    private StrategicMerge() {
    }

    static void apply(ObjectNode target, JsonNode patch, boolean builtIn) {
        for (Map.Entry<String, JsonNode> f : patch.properties()) {
            String key = f.getKey();
            JsonNode value = f.getValue();
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && current != null && current.isObject()) {
                apply((ObjectNode) current, value, builtIn);
            } else if (builtIn && value.isArray() && current != null && current.isArray()
                    && MERGE_KEYS.containsKey(key) && keyed(value, MERGE_KEYS.get(key))) {
                mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(key));
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static boolean keyed(JsonNode list, String mergeKey) {
        for (JsonNode e : list) {
            if (!e.isObject() || !e.has(mergeKey)) {
                return false;
            }
        }
        return true;
    }

    private static void mergeList(ArrayNode current, ArrayNode patch, String mergeKey) {
        for (JsonNode p : patch) {
            ObjectNode match = null;
            for (JsonNode c : current) {
                if (c.isObject() && c.path(mergeKey).equals(p.get(mergeKey))) {
                    match = (ObjectNode) c;
                }
            }
            if (match == null) {
                current.add(p.deepCopy());
            } else {
                apply(match, p, true);
            }
        }
    }
}
