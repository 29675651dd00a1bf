package org.quantrac.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} would, for the subset of Kustomize that {@code k8s/}
 * uses. kubectl is not available on the build machines (and Debian 12's is too old), so the tests render in Java.
 * A kustomization field outside that subset is an error, never silently skipped: otherwise the tests would check
 * something other than what a cluster receives.
 */
public final class KustomizeRenderer {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "patches",
            "images", "configMapGenerator");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private KustomizeRenderer() {
    }

    /** The objects of the kustomization in {@code dir}, in resource order, generators after resources. */
    public static List<ObjectNode> render(Path dir) {
        ObjectNode k = (ObjectNode) readDocuments(dir.resolve("kustomization.yaml")).get(0);
        k.properties().forEach(e -> {
            String f = e.getKey();
            if (!SUPPORTED.contains(f)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: field '" + f
                        + "' is not supported by this renderer (supported: " + SUPPORTED + ")");
            }
        });
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else {
                readDocuments(p).forEach(d -> out.add((ObjectNode) d));
            }
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            out.add(configMap(dir, (ObjectNode) g));
        }
        for (JsonNode p : k.path("patches")) {
            if (!p.has("path") || p.size() != 1) {
                throw new IllegalArgumentException(dir + ": only patches given by 'path' are supported: " + p);
            }
            for (JsonNode patch : readDocuments(dir.resolve(p.get("path").asText()))) {
                ObjectNode t = target(out, (ObjectNode) patch, dir);
                StrategicMerge.apply(t, patch, isBuiltIn(t));
            }
        }
        if (k.has("namespace")) {
            String ns = k.get("namespace").asText();
            out.stream().filter(o -> !ClusterScope.isClusterScoped(o.path("kind").asText()))
                    .forEach(o -> ((ObjectNode) o.get("metadata")).put("namespace", ns));
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(o -> setImage(o, image));
        }
        return out;
    }

    private static ObjectNode target(List<ObjectNode> objects, ObjectNode patch, Path dir) {
        String kind = patch.path("kind").asText();
        String name = patch.path("metadata").path("name").asText();
        List<ObjectNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.path("metadata").path("name").asText().equals(name)).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(dir + ": patch of " + kind + "/" + name + " matches " + found.size()
                    + " objects, expected exactly one");
        }
        return found.get(0);
    }

    /** Kubernetes' own kinds get strategic merge; custom resources (Strimzi) get a JSON merge patch, as in kustomize. */
    static boolean isBuiltIn(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return !apiVersion.contains("/") || !apiVersion.substring(0, apiVersion.indexOf('/')).contains(".")
                || apiVersion.substring(0, apiVersion.indexOf('/')).endsWith(".k8s.io");
    }

    private static ObjectNode configMap(Path dir, ObjectNode generator) {
        JsonNode options = generator.path("options");
        if (!options.path("disableNameSuffixHash").asBoolean(false)) {
            // A hashed name would also need every reference rewritten; the manifests do not need it.
            throw new IllegalArgumentException(dir + ": configMapGenerator " + generator.path("name").asText()
                    + " must set options.disableNameSuffixHash: true (hash suffixes are not supported)");
        }
        ObjectNode cm = YAML.createObjectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata");
        meta.put("name", generator.path("name").asText());
        if (options.has("labels")) {
            meta.set("labels", options.get("labels").deepCopy());
        }
        ObjectNode data = cm.putObject("data");
        for (JsonNode f : generator.path("files")) {
            Path file = dir.resolve(f.asText()).normalize();
            try {
                data.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("configMapGenerator file " + file, e);
            }
        }
        return cm;
    }

    private static void setImage(ObjectNode object, JsonNode rule) {
        for (JsonNode containers : PodTemplates.containerLists(object)) {
            for (JsonNode c : containers) {
                String image = c.path("image").asText();
                int colon = image.lastIndexOf(':');
                String name = colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
                String tag = colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
                if (name.equals(rule.path("name").asText())) {
                    ((ObjectNode) c).put("image", rule.path("newName").asText(name) + ":"
                            + rule.path("newTag").asText(tag));
                }
            }
        }
    }

    /** Every non-empty YAML document of a file. */
    static List<JsonNode> readDocuments(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (docs.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no YAML document");
        }
        return docs;
    }

    static ArrayNode array(JsonNode node) {
        return node instanceof ArrayNode a ? a : YAML.createArrayNode();
    }
}
