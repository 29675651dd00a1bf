package org.quantrac.alerting.rules;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The rule book and maintenance calendar in force, changed through the API: a change is stored first and then
 * swapped in as a new immutable snapshot, which the evaluator reads at its next observation.
 */
public final class LiveRules implements Supplier<RuleBook> {

    private final OverrideStore overrides;
    private final MaintenanceStore maintenance;
    private volatile RuleBook book;
    private volatile MaintenanceCalendar calendar;

    /** The book from the rule data with the overrides stored in the database on top, and the stored windows. */
    public LiveRules(RuleBook fromData, OverrideStore overrides, MaintenanceStore maintenance) throws SQLException {
        this.overrides = overrides;
        this.maintenance = maintenance;
        this.book = fromData.withOverrides(overrides.all());
        this.calendar = new MaintenanceCalendar(maintenance.all());
    }

    @Override
    public RuleBook get() {
        return book;
    }

    public MaintenanceCalendar maintenance() {
        return calendar;
    }

    public synchronized RuleBook override(RuleOverride override) throws SQLException {
        RuleBook next = book.withOverride(override); // validates the rule id before anything is stored
        overrides.save(override);
        book = next;
        return next;
    }

    /** Whether there was an override to remove. */
    public synchronized boolean removeOverride(String stationCode, String ruleId) throws SQLException {
        boolean removed = overrides.delete(stationCode, ruleId);
        book = book.withoutOverride(stationCode, ruleId);
        return removed;
    }

    /** Declares a maintenance window; returns it with its id. */
    public synchronized MaintenanceWindow declare(MaintenanceWindow window) throws SQLException {
        MaintenanceWindow stored = maintenance.insert(window);
        calendar = calendar.with(stored);
        return stored;
    }

    /** Whether there was such a window to cancel. */
    public synchronized boolean cancel(long windowId) throws SQLException {
        boolean removed = maintenance.delete(windowId);
        calendar = calendar.without(windowId);
        return removed;
    }
}
