package org.quantrac.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses manifests into fabric8's typed Kubernetes model and rejects fields the model does not know. fabric8 keeps an
 * unknown field ({@code spec.replicass}) in {@code additionalProperties} instead of failing, and every model class
 * has a {@code @JsonAnySetter}, so {@code FAIL_ON_UNKNOWN_PROPERTIES} cannot help: this walks the parsed object and
 * reports every non-empty {@code getAdditionalProperties()} with its path.
 */
public final class StrictModel {

    /** Custom resources parse as {@link GenericKubernetesResource}: only these are expected. */
    static final Set<String> KNOWN_CUSTOM_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictModel() {
    }

    /** The typed object, or an exception naming every unknown field. */
    public static HasMetadata parse(JsonNode manifest) {
        String where = manifest.path("kind").asText() + "/" + manifest.path("metadata").path("name").asText();
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(KustomizeRenderer.YAML.writeValueAsString(manifest));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": does not parse as a Kubernetes object: " + e.getMessage(), e);
        }
        if (!(parsed instanceof HasMetadata object)) {
            throw new IllegalArgumentException(where + ": not a Kubernetes object but " + parsed);
        }
        if (object instanceof GenericKubernetesResource) {
            if (!KNOWN_CUSTOM_KINDS.contains(object.getKind())) {
                throw new IllegalArgumentException(where + ": kind " + object.getKind() + " (" + object.getApiVersion()
                        + ") is not a Kubernetes kind fabric8 knows, nor one of " + KNOWN_CUSTOM_KINDS);
            }
            return object;
        }
        List<String> unknown = unknownFields(object);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": unknown fields " + unknown);
        }
        return object;
    }

    /** Paths of every field of the model that was not recognised. */
    public static List<String> unknownFields(Object root) {
        List<String> out = new ArrayList<>();
        walk(root, "", out, new IdentityHashMap<>());
        out.sort(null);  // getters come in no defined order; messages and tests want a stable one
        return out;
    }

    private static void walk(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", out, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> out.add(path + "." + k));
                }
            } else {
                walk(value, path + "." + Character.toLowerCase(getter.getName().charAt(3))
                        + getter.getName().substring(4), out, seen);
            }
        }
    }
}
