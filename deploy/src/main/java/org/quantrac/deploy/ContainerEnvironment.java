package org.quantrac.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a container would start with: its {@code envFrom} ConfigMaps and Secrets, then its {@code env}
 * entries (literal values, {@code configMapKeyRef}, {@code secretKeyRef}), resolved against the rendered objects. A
 * reference to a missing object or key is an error here, as it would keep the pod from starting.
 */
public final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    public static Map<String, String> resolve(List<? extends JsonNode> objects, JsonNode container) {
        String who = "container " + container.path("name").asText();
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(data(objects, "ConfigMap", from.path("configMapRef").path("name").asText(), who));
            } else if (from.has("secretRef")) {
                env.putAll(data(objects, "Secret", from.path("secretRef").path("name").asText(), who));
            } else {
                throw new IllegalArgumentException(who + ": unsupported envFrom " + from);
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.get("value").asText());
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                env.put(name, key(objects, "Secret", e.path("valueFrom").path("secretKeyRef"), who + " env " + name));
            } else if (e.path("valueFrom").has("configMapKeyRef")) {
                env.put(name, key(objects, "ConfigMap", e.path("valueFrom").path("configMapKeyRef"),
                        who + " env " + name));
            } else {
                throw new IllegalArgumentException(who + ": env " + name + " has neither a value nor a key reference");
            }
        }
        return env;
    }

    private static String key(List<? extends JsonNode> objects, String kind, JsonNode ref, String who) {
        String key = ref.path("key").asText();
        String value = data(objects, kind, ref.path("name").asText(), who).get(key);
        if (value == null) {
            throw new IllegalArgumentException(who + ": " + kind + " " + ref.path("name").asText()
                    + " has no key '" + key + "'");
        }
        return value;
    }

    /** The data of a ConfigMap, or of a Secret (stringData and decoded data). */
    static Map<String, String> data(List<? extends JsonNode> objects, String kind, String name, String who) {
        JsonNode object = objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(who + ": refers to " + kind + " '" + name
                        + "', which no manifest defines"));
        Map<String, String> out = new LinkedHashMap<>();
        object.path("data").properties().forEach(e -> out.put(e.getKey(), kind.equals("Secret")
                ? new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)
                : e.getValue().asText()));
        object.path("stringData").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
