package org.quantrac.connectors.mqtt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The filters a replica subscribes to, and those it removes from its persistent session at start because an earlier
 * configuration (another assignment mode, share group setting or replica count) may have left them there: the
 * session keeps every subscription, and a stale one would make two replicas read the same station.
 *
 * @param subscribe   QoS 1 filters this replica reads
 * @param unsubscribe filters this replica must not hold (disjoint from {@code subscribe})
 * @param stations    stations this replica reads, or -1 for "all, split by the broker or not at all"
 */
public record SubscriptionPlan(List<String> subscribe, List<String> unsubscribe, int stations) {

    public SubscriptionPlan {
        subscribe = List.copyOf(subscribe);
        unsubscribe = List.copyOf(unsubscribe);
    }

    /** The plan for these settings and the station codes of the catalog. */
    public static SubscriptionPlan of(MqttConnectorSettings settings, Collection<String> stationCodes) {
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        StationAssignment assignment = settings.assignment();
        if (assignment.mode() == StationAssignment.Mode.SHARED) {
            for (StationTopic.Kind kind : StationTopic.Kind.values()) {
                subscribe.add(StationTopic.sharedFilter(settings.shareGroup(), kind));
                if (!StationTopic.NO_SHARING.equals(settings.shareGroup())) {
                    unsubscribe.add(StationTopic.sharedFilter(StationTopic.NO_SHARING, kind));
                }
            }
            for (String code : new TreeSet<>(stationCodes)) {
                if (StationTopic.usableInFilter(code)) {
                    unsubscribe.add(StationTopic.stationFilter(code));
                }
            }
            return new SubscriptionPlan(subscribe, unsubscribe, -1);
        }
        for (StationTopic.Kind kind : StationTopic.Kind.values()) {
            unsubscribe.add(StationTopic.sharedFilter(StationTopic.NO_SHARING, kind));
        }
        int mine = 0;
        for (String code : new TreeSet<>(stationCodes)) {
            if (!StationTopic.usableInFilter(code)) {
                continue;
            }
            if (assignment.owns(code)) {
                subscribe.add(StationTopic.stationFilter(code));
                mine++;
            } else {
                unsubscribe.add(StationTopic.stationFilter(code));
            }
        }
        return new SubscriptionPlan(subscribe, unsubscribe, mine);
    }
}
