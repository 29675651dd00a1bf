package org.quantrac.simulator.mqtt;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.quantrac.core.station.Station;
import org.quantrac.simulator.engine.ObservationSink;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.StationClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes observations over MQTT, either like the real network — one connection per station, logged in with the
 * station's own credentials, with its retained online state and offline last will — or multiplexed over a few
 * {@code quantrac-gateway} connections (scale mode: ten thousand connections would measure the simulator, not the
 * pipeline).
 */
public final class MqttPublisher implements ObservationSink {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);

    private final Map<String, MqttLink> byStation;
    private final List<MqttLink> links;
    private final Function<Station, PayloadFormat> format;
    private final BrokerClients clients;

    private MqttPublisher(Map<String, MqttLink> byStation, List<MqttLink> links,
                          Function<Station, PayloadFormat> format, BrokerClients clients) {
        this.byStation = byStation;
        this.links = links;
        this.format = format;
        this.clients = clients;
    }

    /** One connection per station, user = station code; connects all, failing fast if one cannot. */
    public static MqttPublisher perStation(MqttSettings mqtt, MqttCredentials credentials,
                                           Collection<Station> stations, Function<Station, PayloadFormat> format,
                                           ScheduledExecutorService scheduler, Clock wall) {
        BrokerClients clients = new BrokerClients(mqtt.client());
        Map<String, CompletableFuture<MqttLink>> opening = new LinkedHashMap<>();
        for (Station s : stations) {
            LinkSettings ls = new LinkSettings(s.code(), mqtt.serverUri(), mqtt.clientIdPrefix() + "-" + s.code(),
                    s.code(), credentials.password(s.code()), Optional.of(PayloadFormat.stateTopic(s.code())),
                    mqtt.window(), mqtt.connectTimeout(), mqtt.publishTimeout(), mqtt.protocol());
            opening.put(s.code(), MqttLink.open(ls, clients, scheduler, wall));
        }
        Map<String, MqttLink> byStation = new LinkedHashMap<>();
        awaitAll(opening, byStation, mqtt, clients);
        LOG.info("MQTT publisher connected: {} station connections to {} ({})", byStation.size(), mqtt.serverUri(),
                mqtt.client());
        return new MqttPublisher(byStation, new ArrayList<>(byStation.values()), format, clients);
    }

    /** {@code connections} shared connections as {@code gatewayUser}; stations are spread over them by id. */
    public static MqttPublisher multiplexed(MqttSettings mqtt, MqttCredentials credentials,
                                            Collection<Station> stations, Function<Station, PayloadFormat> format,
                                            ScheduledExecutorService scheduler, Clock wall) {
        BrokerClients clients = new BrokerClients(mqtt.client());
        Map<String, CompletableFuture<MqttLink>> opening = new LinkedHashMap<>();
        for (int i = 0; i < mqtt.gatewayConnections(); i++) {
            String name = mqtt.gatewayUser() + "-" + i;
            LinkSettings ls = new LinkSettings(name, mqtt.serverUri(), mqtt.clientIdPrefix() + "-gw-" + i,
                    mqtt.gatewayUser(), credentials.password(mqtt.gatewayUser()), Optional.empty(),
                    mqtt.window(), mqtt.connectTimeout(), mqtt.publishTimeout(), mqtt.protocol());
            opening.put(name, MqttLink.open(ls, clients, scheduler, wall));
        }
        Map<String, MqttLink> gateways = new LinkedHashMap<>();
        awaitAll(opening, gateways, mqtt, clients);
        List<MqttLink> links = new ArrayList<>(gateways.values());
        Map<String, MqttLink> byStation = new LinkedHashMap<>();
        for (Station s : stations) {
            byStation.put(s.code(), links.get(Math.floorMod(s.id(), links.size())));
        }
        LOG.info("MQTT publisher connected: {} stations multiplexed over {} {} connections to {} ({})",
                stations.size(), links.size(), mqtt.gatewayUser(), mqtt.serverUri(), mqtt.client());
        return new MqttPublisher(byStation, links, format, clients);
    }

    private static void awaitAll(Map<String, CompletableFuture<MqttLink>> opening, Map<String, MqttLink> opened,
                                 MqttSettings mqtt, BrokerClients clients) {
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<MqttLink>> e : opening.entrySet()) {
            try {
                opened.put(e.getKey(), e.getValue().get(mqtt.connectTimeout().toMillis() + 5_000,
                        TimeUnit.MILLISECONDS));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while connecting to " + mqtt.serverUri(), ex);
                break;
            } catch (ExecutionException ex) {
                if (failure == null) {
                    failure = ex.getCause() instanceof RuntimeException
                            ? (RuntimeException) ex.getCause() : new IllegalStateException(ex.getCause());
                }
            } catch (TimeoutException ex) {
                if (failure == null) {
                    failure = new IllegalStateException("[mqtt: " + e.getKey() + "] no connection to "
                            + mqtt.serverUri() + " within " + mqtt.connectTimeout());
                }
            }
        }
        if (failure != null) {
            opened.values().forEach(MqttLink::abort);
            opening.values().forEach(f -> f.thenAccept(MqttLink::abort));
            // A link still connecting when Vert.x closes fails its connect, and is closed by MqttLink then.
            clients.close();
            throw failure;
        }
    }

    @Override
    public CompletableFuture<Void> send(Observation o) {
        return prepare(o).get();
    }

    /** Encodes the payload now; the returned send only publishes it. */
    @Override
    public Supplier<CompletableFuture<Void>> prepare(Observation o) {
        PayloadFormat f = format.apply(o.station());
        MqttLink l = link(o.station().code());
        String topic = f.topic(o.station().code());
        byte[] payload = f.encode(o);
        return () -> l.publish(topic, payload, false);
    }

    /** Several observations of one station in one message (see {@link PayloadFormat#encode(List)}). */
    public CompletableFuture<Void> send(List<Observation> batch) {
        Station station = batch.get(0).station();
        PayloadFormat f = format.apply(station);
        return link(station.code()).publish(f.topic(station.code()), f.encode(batch), false);
    }

    /**
     * A payload the connector must reject: JSON cut off mid-way, or TT10 lines with a missing field and a value
     * that is not a number.
     */
    @Override
    public CompletableFuture<Void> sendMalformed(Observation o) {
        PayloadFormat f = format.apply(o.station());
        byte[] good = f.encode(o);
        byte[] bad = f == PayloadFormat.JSON
                ? java.util.Arrays.copyOf(good, Math.max(1, good.length / 2))
                : (o.values().get(0).parameter().symbol() + "\tn/a\t" + StationClock.compact(o.time()) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return link(o.station().code()).publish(f.topic(o.station().code()), bad, false);
    }

    /**
     * Station link down or up. Per-station connections really drop (the broker publishes the last will) and
     * reconnect; multiplexed stations only have their retained state changed, as a gateway would report it.
     */
    @Override
    public CompletableFuture<Void> connectivity(Station station, boolean online) {
        MqttLink l = link(station.code());
        if (l.name().equals(station.code())) {
            if (online) {
                return l.restore();
            }
            l.drop();
            return CompletableFuture.completedFuture(null);
        }
        return l.publish(PayloadFormat.stateTopic(station.code()),
                JsonPayload.state(online, java.time.Instant.now()), true);
    }

    /** Publishes raw bytes below the station's topic (malformed-payload faults, replays). */
    public CompletableFuture<Void> sendRaw(String stationCode, String topicSuffix, byte[] payload) {
        return link(stationCode).publish("stations/" + stationCode + "/" + topicSuffix, payload, false);
    }

    /** Drops the station's connection abruptly so that the broker publishes its last will. */
    public void abort(String stationCode) {
        link(stationCode).abort();
    }

    public long retries() {
        return links.stream().mapToLong(MqttLink::retries).sum();
    }

    private MqttLink link(String code) {
        MqttLink l = byStation.get(code);
        if (l == null) {
            throw new IllegalArgumentException("no MQTT connection for station " + code);
        }
        return l;
    }

    @Override
    public void close() {
        // Closing in parallel: each clean close waits for the offline state's PUBACK and the disconnect, and 140 of
        // them one after the other take seconds.
        ExecutorService closer = Executors.newFixedThreadPool(Math.max(1, Math.min(32, links.size())));
        try {
            CompletableFuture.allOf(links.stream().map(l -> CompletableFuture.runAsync(l::close, closer))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            closer.shutdown();
            clients.close();
        }
        LOG.info("MQTT publisher closed ({} connections, {} publishes retried)", links.size(), retries());
    }
}
