package org.quantrac.connectors.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.quantrac.core.record.v1.StationEvent;

/**
 * What each station sent since the last report: last message time, message count and rejected items, turned into
 * HEALTH station events once per interval (only for stations heard from, so a silent station is noticed by the
 * absence of its events and by its last will).
 */
public final class StationHealth {

    private static final class Window {
        final AtomicLong lastMessageMs = new AtomicLong();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
    }

    private final Clock clock;
    private final String connector;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long windowStartMs;

    public StationHealth(Clock clock, String connector) {
        this.clock = clock;
        this.connector = connector;
        this.windowStartMs = clock.millis();
    }

    /** A message (or file, or OPC UA publish) from the station, with how many of its items were rejected. */
    public void seen(String stationCode, int rejectedItems) {
        Window w = windows.computeIfAbsent(stationCode, c -> new Window());
        w.lastMessageMs.set(clock.millis());
        w.messages.incrementAndGet();
        w.rejected.addAndGet(rejectedItems);
    }

    /** HEALTH events for the stations heard from since the last call; starts a new window. */
    public List<StationEvent> report() {
        long now = clock.millis();
        double minutes = Math.max(1, now - windowStartMs) / (double) Duration.ofMinutes(1).toMillis();
        windowStartMs = now;
        List<StationEvent> events = new ArrayList<>();
        windows.forEach((code, w) -> {
            long messages = w.messages.getAndSet(0);
            long rejected = w.rejected.getAndSet(0);
            if (messages == 0) {
                return;
            }
            events.add(StationEvent.newBuilder()
                    .setStationCode(code)
                    .setKind(StationEvent.Kind.HEALTH)
                    .setTimeMs(now)
                    .setLastMessageMs(w.lastMessageMs.get())
                    .setMessagesPerMinute(messages / minutes)
                    .setDetail(messages + " messages, " + rejected + " rejected items")
                    .setConnector(connector)
                    .build());
        });
        return events;
    }
}
