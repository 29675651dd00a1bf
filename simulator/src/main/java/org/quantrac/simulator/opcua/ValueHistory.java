package org.quantrac.simulator.opcua;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/**
 * The datalogger's memory behind the OPC UA server: the last values of every variable, oldest dropped beyond the
 * depth. It lives outside any server instance, so a server restart keeps history (as a station's PLC does), and it
 * is written even while the server is down.
 */
public final class ValueHistory {

    private final int depth;
    private final Map<String, Deque<DataValue>> byVariable = new HashMap<>();

    public ValueHistory(int depth) {
        this.depth = depth;
    }

    public synchronized void append(String variable, DataValue value) {
        Deque<DataValue> d = byVariable.computeIfAbsent(variable, k -> new ArrayDeque<>());
        d.addLast(value);
        while (d.size() > depth) {
            d.removeFirst();
        }
    }

    public synchronized Optional<DataValue> latest(String variable) {
        Deque<DataValue> d = byVariable.get(variable);
        return d == null || d.isEmpty() ? Optional.empty() : Optional.of(d.getLast());
    }

    /**
     * Values with a source time in [from, to], in time order, at most {@code max} (0 = no limit).
     */
    public synchronized List<DataValue> read(String variable, Instant from, Instant to, int max) {
        List<DataValue> out = new ArrayList<>();
        Deque<DataValue> d = byVariable.get(variable);
        if (d == null) {
            return out;
        }
        for (DataValue v : d) {
            Instant t = v.getSourceTime().getJavaInstant();
            if (!t.isBefore(from) && !t.isAfter(to)) {
                out.add(v);
            }
        }
        out.sort((a, b) -> a.getSourceTime().getJavaInstant().compareTo(b.getSourceTime().getJavaInstant()));
        return max > 0 && out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
    }
}
