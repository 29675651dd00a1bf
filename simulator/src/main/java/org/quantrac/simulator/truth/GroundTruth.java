package org.quantrac.simulator.truth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.quantrac.core.parameter.Parameter;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;

/**
 * What the simulator actually delivered (acknowledged by the broker, written to the landing folder or served by the
 * OPC UA server), and what it failed to deliver. Tests and benchmarks compare the stored rows against it.
 * Thread-safe: publishers record from their callback threads.
 */
public final class GroundTruth {

    private final boolean keepReadings;
    // By station code in a hash map, sorted only when read: a load generator records every delivered observation
    // here on its event loop, and ordered maps of 10,000 similar station codes were a third of that thread's CPU.
    private final Map<String, StationTruth> byStation = new HashMap<>();
    private final Map<String, Long> failuresByReason = new TreeMap<>();
    private final List<TruthReading> readings = new ArrayList<>();
    private final List<TruthEvent> events = new ArrayList<>();
    private long observationsSent;
    private long readingsSent;
    private long observationsFailed;

    /** @param keepReadings also keep every (station, parameter, time, value) in memory */
    public GroundTruth(boolean keepReadings) {
        this.keepReadings = keepReadings;
    }

    private static final class Series {
        final String symbol;
        long count;
        Instant first;
        Instant last;

        Series(String symbol) {
            this.symbol = symbol;
        }
    }

    /** One station's deliveries; its few series found by parameter id in a short array, not hashed by symbol. */
    private static final class StationTruth {
        long observations;
        int[] parameterIds = new int[0];
        Series[] series = new Series[0];

        Series series(Parameter p) {
            for (int i = 0; i < parameterIds.length; i++) {
                if (parameterIds[i] == p.id()) {
                    return series[i];
                }
            }
            int n = parameterIds.length;
            parameterIds = Arrays.copyOf(parameterIds, n + 1);
            series = Arrays.copyOf(series, n + 1);
            parameterIds[n] = p.id();
            series[n] = new Series(p.symbol());
            return series[n];
        }

        Series bySymbol(String symbol) {
            for (Series s : series) {
                if (s.symbol.equals(symbol)) {
                    return s;
                }
            }
            return null;
        }

        /** Series by parameter symbol, sorted. */
        Map<String, Series> sorted() {
            Map<String, Series> m = new TreeMap<>();
            for (Series s : series) {
                m.put(s.symbol, s);
            }
            return m;
        }
    }

    /** The observation reached its receiver. */
    public synchronized void sent(Observation o) {
        observationsSent++;
        StationTruth st = byStation.computeIfAbsent(o.station().code(), k -> new StationTruth());
        st.observations++;
        Instant t = o.time();
        for (Measurement m : o.values()) {
            readingsSent++;
            Series s = st.series(m.parameter());
            s.count++;
            if (s.first == null || t.isBefore(s.first)) {
                s.first = t;
            }
            if (s.last == null || t.isAfter(s.last)) {
                s.last = t;
            }
            if (keepReadings) {
                readings.add(new TruthReading(o.station().code(), o.station().id(), m.parameter().symbol(),
                        m.parameter().id(), t, m.value(), m.status().code()));
            }
        }
    }

    /** The observation could not be delivered (after retries); {@code reason} is a short code. */
    public synchronized void failed(Observation o, String reason) {
        observationsFailed++;
        failuresByReason.merge(reason, 1L, Long::sum);
    }

    /** Something injected on purpose (fault, episode, outage), for tests that check the pipeline saw it. */
    public synchronized void event(TruthEvent e) {
        events.add(e);
    }

    public synchronized long observationsSent() {
        return observationsSent;
    }

    public synchronized long readingsSent() {
        return readingsSent;
    }

    public synchronized long observationsFailed() {
        return observationsFailed;
    }

    public synchronized Map<String, Long> failuresByReason() {
        return Map.copyOf(failuresByReason);
    }

    public synchronized long observationsSent(String station) {
        StationTruth st = byStation.get(station);
        return st == null ? 0 : st.observations;
    }

    /** Station codes with at least one delivered observation, sorted. */
    public synchronized List<String> stations() {
        return List.copyOf(new TreeSet<>(byStation.keySet()));
    }

    public synchronized Optional<SeriesTruth> series(String station, String parameter) {
        StationTruth st = byStation.get(station);
        Series s = st == null ? null : st.bySymbol(parameter);
        return s == null ? Optional.empty() : Optional.of(new SeriesTruth(s.count, s.first, s.last));
    }

    /** Every (station, parameter) series, keyed by station code then parameter symbol. */
    public synchronized Map<String, Map<String, SeriesTruth>> allSeries() {
        Map<String, Map<String, SeriesTruth>> out = new LinkedHashMap<>();
        new TreeMap<>(byStation).forEach((code, st) -> {
            Map<String, SeriesTruth> m = new LinkedHashMap<>();
            st.sorted().forEach((p, s) -> m.put(p, new SeriesTruth(s.count, s.first, s.last)));
            out.put(code, m);
        });
        return out;
    }

    /** Every delivered reading in (station, parameter, time) order; empty unless readings are kept. */
    public synchronized List<TruthReading> readings() {
        List<TruthReading> copy = new ArrayList<>(readings);
        copy.sort(Comparator.comparing(TruthReading::station).thenComparing(TruthReading::parameter)
                .thenComparing(TruthReading::time));
        return copy;
    }

    public synchronized List<TruthEvent> events() {
        return List.copyOf(events);
    }

    public boolean keepsReadings() {
        return keepReadings;
    }

    /** The truth as JSON: totals, per-series counts with first/last time, events, and readings if kept. */
    public synchronized String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("observationsSent", observationsSent);
        root.put("readingsSent", readingsSent);
        root.put("observationsFailed", observationsFailed);
        ObjectNode failures = root.putObject("failuresByReason");
        failuresByReason.forEach(failures::put);
        ObjectNode stations = root.putObject("stations");
        new TreeMap<>(byStation).forEach((code, truth) -> {
            ObjectNode st = stations.putObject(code);
            st.put("observations", truth.observations);
            ObjectNode params = st.putObject("parameters");
            truth.sorted().forEach((p, s) -> {
                ObjectNode n = params.putObject(p);
                n.put("count", s.count);
                n.put("first", s.first.toString());
                n.put("last", s.last.toString());
            });
        });
        ArrayNode ev = root.putArray("events");
        for (TruthEvent e : events) {
            ObjectNode n = ev.addObject();
            n.put("type", e.type());
            n.put("station", e.station());
            n.put("from", e.from().toString());
            n.put("to", e.to().toString());
            if (!e.detail().isEmpty()) {
                n.put("detail", e.detail());
            }
        }
        if (keepReadings) {
            ArrayNode rs = root.putArray("readings");
            for (TruthReading r : readings()) {
                ObjectNode n = rs.addObject();
                n.put("station", r.station());
                n.put("parameter", r.parameter());
                n.put("time", r.time().toString());
                n.put("value", r.value());
                n.put("status", r.status());
            }
        }
        try {
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeJson(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth to " + file, e);
        }
    }
}
