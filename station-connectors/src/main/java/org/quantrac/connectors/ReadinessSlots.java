package org.quantrac.connectors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The readiness checks of {@code /health/ready}, known by name before the parts they check exist: the operations
 * server starts first (so that it answers while start waits for Kafka), and each part fills its slot once it is up.
 * An empty slot is "not ready".
 */
final class ReadinessSlots {

    private static final BooleanSupplier NOT_YET = () -> false;

    private final Map<String, AtomicReference<BooleanSupplier>> slots = new LinkedHashMap<>();
    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    ReadinessSlots(boolean mqtt, boolean files, boolean opcua) {
        if (mqtt) {
            add("mqtt");
        }
        if (files) {
            add("files");
        }
        if (opcua) {
            add("opcua");
        }
        add("kafka");
    }

    private void add(String name) {
        AtomicReference<BooleanSupplier> slot = new AtomicReference<>(NOT_YET);
        slots.put(name, slot);
        checks.put(name, () -> slot.get().getAsBoolean());
    }

    void set(String name, BooleanSupplier check) {
        AtomicReference<BooleanSupplier> slot = slots.get(name);
        if (slot == null) {
            throw new IllegalArgumentException("no readiness slot " + name);
        }
        slot.set(check);
    }

    /** Name → check, in a fixed order; each check reads its slot on every call. */
    Map<String, BooleanSupplier> checks() {
        return Collections.unmodifiableMap(checks);
    }
}
