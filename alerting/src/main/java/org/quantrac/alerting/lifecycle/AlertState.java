package org.quantrac.alerting.lifecycle;

/** OPEN → ACKNOWLEDGED → RESOLVED; RESOLVED is final (a new episode is a new alert). */
public enum AlertState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED
}
