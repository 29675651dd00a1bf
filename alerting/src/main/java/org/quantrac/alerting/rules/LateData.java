package org.quantrac.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.quantrac.core.reading.StationStatus;
import org.quantrac.core.station.Station;

/**
 * Re-judges one (station, rule) when a reading arrives whose measurement time is older than what the rule has
 * already judged: the rule's state just before the late reading is rebuilt (windows, rate and run length from the
 * kept readings; open and pending condition from the rule's log of changes), the readings from the late one to the
 * newest are judged again in time order, and the new timeline is applied on top of what is stored.
 *
 * <p>Stored decisions are facts (published, notified): they are never taken back. The replay's decisions that differ
 * from the stored ones are applied in time order with the lifecycle's rules: an opening when no alert is open opens
 * one at its reading time (an episode may thus open and resolve wholly in the past); an opening while one is open is
 * that alert (never a second one); a resolution resolves the open alert at its reading time, unless that alert opened
 * later. If the open state still differs at the end, the newest reading decides it.
 */
final class LateData {

    private static final StationStatus[] STATUSES = StationStatus.values();

    private LateData() {
    }

    static void rejudge(Station station, StationRule rule, RuleState live, Series series, Instant late,
                        MaintenanceCalendar calendar, boolean decide, List<Decision> out) {
        int at = series.indexOf(late.toEpochMilli());
        if (at < 0) {
            return;
        }
        // 1. the rule's state just before the late reading
        RuleState rs = new RuleState();
        int from = at - Math.max(1, rule.rule().repeats() + 1);
        if (!rule.rule().window().isZero()) {
            from = Math.min(from, series.firstAtOrAfter(late.minus(rule.rule().window()).toEpochMilli() + 1));
        }
        List<Decision> none = new ArrayList<>(0);
        for (int i = Math.max(0, from); i < at; i++) {
            judge(station, rule, rs, series, i, calendar, false, none);
        }
        if (rule.kind() == RuleKind.CALIBRATION_OVERDUE) {
            rs.calibrations = new ArrayList<>(live.calibrations);
            rs.firstSeen = live.firstSeen;
            rs.calibrationBase = live.calibrationBefore(late, live.firstSeen);
        }
        RuleState.Mark before = live.stateBefore(late);
        rs.open = before.open();
        rs.since = before.since();
        rs.openedAt = before.openedAt();
        rs.marks = new ArrayList<>();

        // 2. from the late reading to the newest, in time order, with the changes made from outside in between
        List<RuleState.Mark> external = new ArrayList<>();
        for (RuleState.Mark m : live.marks) {
            if (m.external() && !m.time().isBefore(late)) {
                external.add(m);
            }
        }
        int ext = 0;
        List<Decision> replayed = new ArrayList<>();
        for (int i = at; i < series.size(); i++) {
            for (; ext < external.size() && external.get(ext).time().toEpochMilli() < series.time(i); ext++) {
                apply(rs, external.get(ext));
            }
            judge(station, rule, rs, series, i, calendar, decide, replayed);
        }
        for (; ext < external.size(); ext++) {
            apply(rs, external.get(ext));
        }

        // 3. what differs from the stored decisions, applied to the alert as it is
        boolean actual = live.open;
        Instant openedAt = live.openedAt;
        boolean[] stored = new boolean[replayed.size()];
        if (decide) {
            List<RuleState.Mark> old = new ArrayList<>();
            for (RuleState.Mark m : live.marks) {
                if (!m.external() && m.decided() != null && !m.time().isBefore(late)) {
                    old.add(m);
                }
            }
            int same = 0;
            while (same < old.size() && same < replayed.size() && old.get(same).decided() == replayed.get(same).type()
                    && old.get(same).time().equals(replayed.get(same).time())) {
                stored[same++] = true;
            }
            for (int j = same; j < replayed.size(); j++) {
                Decision d = replayed.get(j);
                if (d.type() == Decision.Type.OPEN && !actual) {
                    actual = true;
                    openedAt = d.time();
                    stored[j] = true;
                    out.add(d.asLate());
                } else if (d.type() == Decision.Type.RESOLVE && actual
                        && (openedAt == null || !d.time().isBefore(openedAt))) {
                    actual = false;
                    openedAt = null;
                    stored[j] = true;
                    out.add(d.asLate());
                }
            }
        }
        List<RuleState.Mark> marks = new ArrayList<>();
        for (RuleState.Mark m : live.marks) {
            if (m.time().isBefore(late)) {
                marks.add(m);
            }
        }
        int j = 0;
        for (RuleState.Mark m : rs.marks) {
            if (m.decided() != null && !m.external() && !stored[j++]) {
                m = new RuleState.Mark(m.time(), m.open(), m.since(), m.openedAt(), null, false);
            }
            marks.add(m);
        }
        Instant newest = rs.lastTime != null ? rs.lastTime : late;
        if (decide && actual != rs.open) {
            Decision d = actual
                    ? new Decision(Decision.Type.RESOLVE, rule, null, newest, rs.lastValue, true)
                    : new Decision(Decision.Type.OPEN, rule, rs.since != null ? rs.since : newest, newest,
                            rs.lastValue, true);
            actual = !actual;
            openedAt = actual ? newest : null;
            out.add(d);
            marks.add(new RuleState.Mark(newest, actual, actual ? d.conditionSince() : null, openedAt, d.type(),
                    false));
        }

        if (rule.kind() == RuleKind.CALIBRATION_OVERDUE) {
            live.calibrations = rs.calibrations;
            live.firstSeen = rs.firstSeen;
            live.calibrationBase = live.calibrations.isEmpty() ? live.calibrationBase
                    : live.calibrations.get(live.calibrations.size() - 1);
        }
        live.window = rs.window;
        live.lastTime = live.lastTime == null || newest.isAfter(live.lastTime) ? newest : live.lastTime;
        live.previousTime = rs.previousTime;
        live.previousValue = rs.previousValue;
        live.repeats = rs.repeats;
        live.lastValue = rs.lastValue;
        live.open = decide ? actual : live.open;
        live.openedAt = decide ? openedAt : live.openedAt;
        live.since = rs.since;
        live.marks = marks;
    }

    private static void apply(RuleState rs, RuleState.Mark m) {
        rs.open = m.open();
        rs.since = m.since();
        rs.openedAt = m.openedAt();
        rs.marks.add(m);
    }

    private static void judge(Station station, StationRule rule, RuleState rs, Series series, int i,
                              MaintenanceCalendar calendar, boolean decide, List<Decision> out) {
        Instant time = Instant.ofEpochMilli(series.time(i));
        if (!rule.rule().inForceAt(time)) {
            return;
        }
        boolean suppressed = calendar.inMaintenance(station.code(), time);
        Sample sample = rule.kind() == RuleKind.DEVICE_ERROR ? null
                : new Sample(rule.parameter() == null ? StationState.AQI_SERIES : rule.parameter().id(),
                        series.value(i), STATUSES[series.status(i)]);
        Judge.reading(station, rule, rs, time, sample, series.value(i) > 0, suppressed, decide, out);
    }
}
