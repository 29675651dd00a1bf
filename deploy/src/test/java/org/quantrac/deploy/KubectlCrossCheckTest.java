package org.quantrac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Where a recent {@code kubectl} is on the PATH, the Java renderer must produce exactly what {@code kubectl
 * kustomize} produces. Skipped elsewhere: the build must not depend on kubectl (Debian 12's 1.20 cannot read these
 * kustomizations), but this keeps the renderer honest on the machines that have one.
 */
class KubectlCrossCheckTest {

    static final java.util.List<String> OVERLAYS = Overlays.NAMES;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void javaRenderingEqualsKubectlKustomize(String overlay) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not on the PATH");
        Path out = tmp.resolve(overlay + ".yaml");
        Path err = tmp.resolve(overlay + ".err");
        Process p = new ProcessBuilder("kubectl", "kustomize", Overlays.k8s().resolve("overlays").resolve(overlay)
                .toString()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish in 60 s");
        // An old kubectl (Debian 12's 1.20) rejects these kustomizations: that is kubectl's limit, not a finding.
        assumeTrue(p.exitValue() == 0, () -> "kubectl kustomize failed: " + read(err));

        Map<String, JsonNode> kubectl = byId(KustomizeRenderer.readDocuments(out));
        Map<String, JsonNode> java = byId(Overlays.render(overlay));

        assertThat(java.keySet()).containsExactlyElementsOf(kubectl.keySet());
        java.forEach((id, o) -> assertThat(o).as(id).isEqualTo(kubectl.get(id)));
    }

    private static Map<String, JsonNode> byId(java.util.List<? extends JsonNode> objects) {
        Map<String, JsonNode> out = new TreeMap<>();
        objects.forEach(o -> out.put(o.path("kind").asText() + "/" + o.at("/metadata/name").asText(),
                ((ObjectNode) o).deepCopy()));
        return out;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
