package org.quantrac.deploy;

import java.util.Set;

/** Kinds without a namespace: the kustomization's {@code namespace} does not apply to them. */
final class ClusterScope {

    private static final Set<String> KINDS = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    private ClusterScope() {
    }

    static boolean isClusterScoped(String kind) {
        return KINDS.contains(kind);
    }
}
