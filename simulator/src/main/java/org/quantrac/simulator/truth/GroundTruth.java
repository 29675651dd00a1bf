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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;

/**
 * What the simulator actually delivered (acknowledged by the broker, written to the landing folder or served by the
 * OPC UA server), and what it failed to deliver. Tests and benchmarks compare the stored rows against it.
 * Thread-safe: publishers record from their callback threads.
 */
public final class GroundTruth {

    private final boolean keepReadings;
    // Hash maps, sorted only when read: a load generator records every delivered observation here, and ordered maps
    // of 10,000 similar station codes made this a third of its event loop's CPU.
    private final Map<String, Map<String, Series>> series = new HashMap<>();
    private final Map<String, Long> observationsByStation = new HashMap<>();
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
        long count;
        Instant first;
        Instant last;
    }

    /** The observation reached its receiver. */
    public synchronized void sent(Observation o) {
        observationsSent++;
        observationsByStation.merge(o.station().code(), 1L, Long::sum);
        Map<String, Series> byParameter = series.computeIfAbsent(o.station().code(), k -> new HashMap<>());
        for (Measurement m : o.values()) {
            readingsSent++;
            Series s = byParameter.computeIfAbsent(m.parameter().symbol(), k -> new Series());
            s.count++;
            if (s.first == null || o.time().isBefore(s.first)) {
                s.first = o.time();
            }
            if (s.last == null || o.time().isAfter(s.last)) {
                s.last = o.time();
            }
            if (keepReadings) {
                readings.add(new TruthReading(o.station().code(), o.station().id(), m.parameter().symbol(),
                        m.parameter().id(), o.time(), m.value(), m.status().code()));
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
        return observationsByStation.getOrDefault(station, 0L);
    }

    /** Station codes with at least one delivered observation, sorted. */
    public synchronized List<String> stations() {
        return List.copyOf(new TreeSet<>(series.keySet()));
    }

    public synchronized Optional<SeriesTruth> series(String station, String parameter) {
        Series s = series.getOrDefault(station, Map.of()).get(parameter);
        return s == null ? Optional.empty() : Optional.of(new SeriesTruth(s.count, s.first, s.last));
    }

    /** Every (station, parameter) series, keyed by station code then parameter symbol. */
    public synchronized Map<String, Map<String, SeriesTruth>> allSeries() {
        Map<String, Map<String, SeriesTruth>> out = new LinkedHashMap<>();
        new TreeMap<>(series).forEach((code, byParameter) -> {
            Map<String, SeriesTruth> m = new LinkedHashMap<>();
            new TreeMap<>(byParameter).forEach((p, s) -> m.put(p, new SeriesTruth(s.count, s.first, s.last)));
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
        new TreeMap<>(series).forEach((code, byParameter) -> {
            ObjectNode st = stations.putObject(code);
            st.put("observations", observationsByStation.getOrDefault(code, 0L));
            ObjectNode params = st.putObject("parameters");
            new TreeMap<>(byParameter).forEach((p, s) -> {
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
