package org.quantrac.launcher.portalbench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;
import org.quantrac.processor.sink.ReadingBatch;
import org.quantrac.simulator.engine.ObservationSchedule;
import org.quantrac.simulator.signal.Measurement;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.SignalModel;

/**
 * The readings of one station over one local day, as the simulator would have sent them: every measurement time of
 * the station's schedule (multiples of its interval since the epoch) and every parameter, valued by the simulator's
 * {@link SignalModel} — a pure function of (seed, station, parameter, time), so a reload gives the same rows. Status
 * "measuring", no QC flag: a clean year, which is what the response-time benchmark needs.
 */
public final class StationDays {

    /** The zone of the days loaded: the province's, as the portal's and the processor's day boundaries. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final SignalModel model;

    public StationDays(long seed) {
        this.model = new SignalModel(seed);
    }

    public static Instant start(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    public static Instant end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    /** How many rows a station has on a day: measurement times × parameters (what the catalog says to expect). */
    public static long expectedRows(Station s, LocalDate day) {
        return ObservationSchedule.count(s, start(day), end(day)) * s.parameters().size();
    }

    /** Fills {@code into} (cleared first) with the station's readings of the day, in time order. */
    public void fill(Station s, LocalDate day, ReadingBatch into) {
        into.clear();
        Instant end = end(day);
        long stepSeconds = s.interval().toSeconds();
        for (Instant t = ObservationSchedule.alignUp(start(day), s.interval()); t.isBefore(end);
             t = t.plusSeconds(stepSeconds)) {
            Observation o = model.observe(s, t);
            long micros = t.getEpochSecond() * 1_000_000L;
            for (Measurement m : o.values()) {
                into.add(micros, s.id(), m.parameter().id(), m.value(), StationStatus.MEASURING.number(), 0);
            }
        }
    }
}
