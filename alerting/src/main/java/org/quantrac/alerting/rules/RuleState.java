package org.quantrac.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluator's state for one (station, rule), plus the log of its discrete changes that lets a late reading be
 * re-judged from the state the rule was in just before it.
 */
final class RuleState {

    /**
     * The rule's (open, since) from a reading time on.
     *
     * @param decided  the decision taken at that reading and stored, or null (a pending condition began or ended)
     * @param external the change came from outside the readings (loaded from the database, resolved by a person)
     */
    record Mark(Instant time, boolean open, Instant since, Instant openedAt, Decision.Type decided,
                boolean external) {
    }

    WindowMean window;
    /** Reading time of the last value this rule judged. */
    Instant lastTime;
    /** RATE and FLATLINE: the previous valid value (and its time for RATE), and the run length for FLATLINE. */
    Instant previousTime;
    double previousValue = Double.NaN;
    int repeats;
    /** Reading time the condition began (kept while the alert is open). */
    Instant since;
    boolean open;
    /** Reading time of the open alert's opening; {@link Instant#MIN} when it was loaded from the database. */
    Instant openedAt;
    /** The last judged value (reading, mean, rate or run length). */
    double lastValue = Double.NaN;
    /**
     * CALIBRATION_OVERDUE: the time the calibration clock counts from (the last calibration, or the first reading
     * seen when none is known), and the calibrations within the late-data horizon (plus the one before it).
     */
    Instant calibrationBase;
    Instant firstSeen;
    List<Instant> calibrations = new ArrayList<>(0);
    /** Changes of (open, since) in reading-time order, within the late-data horizon (plus the one before it). */
    List<Mark> marks = new ArrayList<>(2);

    /** Whether a value at this time is new to the rule (and from now on, judged). */
    boolean judged(Instant time) {
        if (lastTime != null && !time.isAfter(lastTime)) {
            return false;
        }
        lastTime = time;
        return true;
    }

    /** Logs the state after judging a reading at {@code time}, when it changed or a decision was taken. */
    void mark(Instant time, boolean wasOpen, Instant wasSince, Decision decided) {
        if (decided != null || wasOpen != open || !java.util.Objects.equals(wasSince, since)) {
            marks.add(new Mark(time, open, since, openedAt, decided == null ? null : decided.type(), false));
        }
    }

    /** Logs a change made from outside the readings, effective after the reading at {@code time}. */
    void markExternal(Instant time) {
        marks.add(new Mark(time == null ? Instant.MIN : time, open, since, openedAt, null, true));
    }

    /** The (open, since) in force just before a reading at {@code time}: the last mark before it. */
    Mark stateBefore(Instant time) {
        Mark found = null;
        for (Mark m : marks) {
            if (!m.time().isBefore(time)) {
                break;
            }
            found = m;
        }
        return found != null ? found : new Mark(Instant.MIN, false, null, null, null, false);
    }

    /** Records a calibration of the rule's instrument. */
    void calibrated(Instant time) {
        if (calibrationBase == null || time.isAfter(calibrationBase)) {
            calibrationBase = time;
        }
        int i = calibrations.size();
        while (i > 0 && calibrations.get(i - 1).isAfter(time)) {
            i--;
        }
        if (i == 0 || !calibrations.get(i - 1).equals(time)) {
            calibrations.add(i, time);
        }
    }

    /** The calibration clock's start just before a reading at {@code time}: the last calibration before it. */
    Instant calibrationBefore(Instant time, Instant fallback) {
        Instant found = null;
        for (Instant c : calibrations) {
            if (!c.isBefore(time)) {
                break;
            }
            found = c;
        }
        return found != null ? found : fallback;
    }

    /** Drops marks before {@code cutoff} except the last of them, which still gives the state at the cutoff. */
    void pruneMarks(Instant cutoff) {
        int c = 0;
        while (c + 1 < calibrations.size() && calibrations.get(c + 1).isBefore(cutoff)) {
            c++;
        }
        if (c > 0) {
            calibrations.subList(0, c).clear();
        }
        int drop = 0;
        while (drop + 1 < marks.size() && marks.get(drop + 1).time().isBefore(cutoff)) {
            drop++;
        }
        if (drop > 0) {
            marks.subList(0, drop).clear();
        }
    }
}
