package org.quantrac.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.quantrac.core.config.ConfigException;
import org.quantrac.core.station.Protocol;
import org.quantrac.core.station.Station;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.simulator.clock.SimulationClock;
import org.quantrac.simulator.config.Connection;
import org.quantrac.simulator.config.ProtocolChoice;
import org.quantrac.simulator.config.SimulatorConfig;
import org.quantrac.simulator.config.StationSelection;
import org.quantrac.simulator.config.SyntheticStations;
import org.quantrac.simulator.config.TimeMode;
import org.quantrac.simulator.engine.DeliveryGate;
import org.quantrac.simulator.engine.ObservationSink;
import org.quantrac.simulator.engine.Simulation;
import org.quantrac.simulator.engine.StationBehaviour;
import org.quantrac.simulator.mqtt.BatchingSink;
import org.quantrac.simulator.mqtt.MqttCredentials;
import org.quantrac.simulator.mqtt.MqttPublisher;
import org.quantrac.simulator.mqtt.PayloadFormat;
import org.quantrac.simulator.opcua.OpcUaStationServer;
import org.quantrac.simulator.scenario.Scenario;
import org.quantrac.simulator.scenario.ScenarioBehaviour;
import org.quantrac.simulator.signal.SignalModel;
import org.quantrac.simulator.truth.GroundTruth;
import org.quantrac.simulator.tt10.LandingFolderWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator role: reads its configuration, builds the signal model, the sinks for the chosen protocols and the
 * simulation, and runs it. Two entry points: {@link #run} produces a simulated period as fast as possible and returns
 * what was delivered (tests, benchmarks); {@link #start} runs in real or accelerated time until closed (demo).
 */
public final class SimulatorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorApp.class);

    private final SimulatorConfig config;
    private final List<Station> stations;
    private final GroundTruth truth;
    private final ScheduledExecutorService scheduler;
    private final List<ObservationSink> sinks = new ArrayList<>();
    private final Simulation simulation;
    /** Where simulated time starts; relative scenario times (+10m) count from here. */
    private final Instant simulatedStart;
    private MqttPublisher mqtt;
    private LandingFolderWriter files;
    private OpcUaStationServer opcua;

    private SimulatorApp(SimulatorConfig config, StationCatalog catalog) {
        this.config = config;
        this.simulatedStart = simulatedStart(config, Instant.now());
        this.stations = config.scale().enabled()
                ? SyntheticStations.create(config.scale().stations(), config.scale().parameters(),
                config.scale().interval(), catalog.parameters())
                : StationSelection.select(catalog, config.stations());
        this.truth = new GroundTruth(config.keepReadings());
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("simulator-delivery-" + t.getId());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.scheduler = pool;
        try {
            SignalModel model = new SignalModel(config.seed());
            // Relative scenario times (+10m) count from the simulated start: the period's start, or now.
            Instant start = simulatedStart;
            Scenario scenario = config.scenario().map(f -> Scenario.load(f, start)).orElse(Scenario.NONE)
                    .plus(config.faults().map(f -> Scenario.inline(f, start)).orElse(Scenario.NONE));
            StationBehaviour behaviour = scenario.equals(Scenario.NONE) ? StationBehaviour.PLAIN
                    : new ScenarioBehaviour(scenario, model, truth);
            Function<Station, ObservationSink> router = openSinks();
            this.simulation = new Simulation(model, stations, router, behaviour, truth, config.maxInFlight(),
                    config.mqtt().observationsPerMessage());
        } catch (RuntimeException e) {
            closeSinks();
            scheduler.shutdownNow();
            throw e;
        }
    }

    /**
     * Publishes every observation of the simulated period [from, to) of the configuration as fast as the receivers
     * accept, waits until each is acknowledged or counted as failed, and returns the ground truth.
     */
    public static GroundTruth run(SimulatorConfig config, StationCatalog catalog) {
        return run(config, catalog, false);
    }

    /**
     * The same; with {@code prepared}, every observation is computed before the first is published (a load generator
     * that must not take the CPU of what it measures; see {@link Simulation#backfill(Instant, Instant, boolean)}).
     */
    public static GroundTruth run(SimulatorConfig config, StationCatalog catalog, boolean prepared) {
        return run(config, catalog, prepared, DeliveryGate.NONE);
    }

    /** The same, delivering a prepared period only as far ahead as {@code gate} lets it. */
    public static GroundTruth run(SimulatorConfig config, StationCatalog catalog, boolean prepared,
                                  DeliveryGate gate) {
        Instant from = config.from().orElseThrow(() -> new ConfigException("run needs simulator.from"));
        Instant to = config.to().orElseThrow(() -> new ConfigException("run needs simulator.to"));
        try (SimulatorApp app = new SimulatorApp(config, catalog)) {
            LOG.info("simulator backfill: {} stations, seed {}, {} to {}", app.stations.size(), config.seed(), from, to);
            app.simulation.backfill(from, to, prepared, gate);
            LOG.info("simulator backfill done: {} observations ({} readings) delivered, {} failed",
                    app.truth.observationsSent(), app.truth.readingsSent(), app.truth.observationsFailed());
            return app.truth;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulator interrupted", e);
        }
    }

    /** Runs in the background following the configured time mode until {@link #close()} (or the configured end). */
    public static SimulatorApp start(SimulatorConfig config, StationCatalog catalog) {
        SimulatorApp app = new SimulatorApp(config, catalog);
        Clock wall = Clock.systemUTC();
        Instant from = app.simulatedStart;
        SimulationClock clock;
        switch (config.mode()) {
            case BACKFILL:
                clock = SimulationClock.backfill(wall);
                break;
            case ACCELERATED:
                clock = config.capAtNow() ? SimulationClock.catchingUp(wall, from, config.speed())
                        : SimulationClock.accelerated(wall, from, config.speed());
                break;
            default:
                clock = SimulationClock.realTime(wall);
        }
        LOG.info("simulator started: {} stations, seed {}, {} from {}{}", app.stations.size(), config.seed(),
                describe(config.mode(), config.speed()), from, config.to().map(t -> " to " + t).orElse(""));
        app.simulation.start(clock, from, config.to().orElse(null));
        return app;
    }

    /**
     * The configured start; in real time, now; accelerated without a start and capped at the present, a day ago: at
     * speed X the network replays the last day, reaches the present and runs on in real time.
     */
    static Instant simulatedStart(SimulatorConfig config, Instant now) {
        if (config.mode() == TimeMode.REAL_TIME) {
            return now;
        }
        if (config.mode() == TimeMode.ACCELERATED && config.capAtNow()) {
            return config.from().orElse(now.minus(Duration.ofDays(1)));
        }
        return config.from().orElse(now);
    }

    private static String describe(TimeMode mode, double speed) {
        return mode == TimeMode.ACCELERATED ? "accelerated x" + speed : mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    public GroundTruth truth() {
        return truth;
    }

    public List<Station> stations() {
        return stations;
    }

    /** The MQTT publisher, if any station uses MQTT (fault tests drop station connections through it). */
    public Optional<MqttPublisher> mqtt() {
        return Optional.ofNullable(mqtt);
    }

    /** The OPC UA server, if any station is served over OPC UA. */
    public Optional<OpcUaStationServer> opcua() {
        return Optional.ofNullable(opcua);
    }

    /** The TT10 landing-folder writer, if any station delivers files. */
    public Optional<LandingFolderWriter> files() {
        return Optional.ofNullable(files);
    }

    /** Waits until a run with an end has delivered everything. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return simulation.awaitFinished(timeout);
    }

    private Function<Station, ObservationSink> openSinks() {
        Map<Protocol, List<Station>> byTransport = stations.stream()
                .collect(Collectors.groupingBy(this::transport));
        Map<Protocol, ObservationSink> sinkByTransport = new EnumMap<>(Protocol.class);
        List<Station> mqttStations = new ArrayList<>();
        mqttStations.addAll(byTransport.getOrDefault(Protocol.MQTT_JSON, List.of()));
        mqttStations.addAll(byTransport.getOrDefault(Protocol.MQTT_TT10, List.of()));
        if (byTransport.containsKey(Protocol.OPCUA)) {
            opcua = new OpcUaStationServer(config.opcua(), byTransport.get(Protocol.OPCUA));
            sinks.add(opcua);
            config.opcua().mappingFile().ifPresent(this::writeMapping);
            sinkByTransport.put(Protocol.OPCUA, opcua);
        }
        if (!mqttStations.isEmpty()) {
            Function<Station, PayloadFormat> format = s -> transport(s) == Protocol.MQTT_TT10
                    ? PayloadFormat.TT10 : PayloadFormat.JSON;
            MqttCredentials credentials = credentials();
            mqtt = config.connection() == Connection.MULTIPLEXED
                    ? MqttPublisher.multiplexed(config.mqtt(), credentials, mqttStations, format, scheduler,
                    Clock.systemUTC())
                    : MqttPublisher.perStation(config.mqtt(), credentials, mqttStations, format, scheduler,
                    Clock.systemUTC());
            ObservationSink stationsSink = mqtt;
            int perMessage = config.mqtt().observationsPerMessage();
            if (perMessage > 1) {
                // Closed before the publisher (list order), so that what it holds is sent while connected.
                stationsSink = new BatchingSink(mqtt, perMessage, Math.max(1, config.maxInFlight() / 2));
                sinks.add(stationsSink);
            }
            sinks.add(mqtt);
            sinkByTransport.put(Protocol.MQTT_JSON, stationsSink);
            sinkByTransport.put(Protocol.MQTT_TT10, stationsSink);
        }
        if (byTransport.containsKey(Protocol.TT10_FILE)) {
            files = new LandingFolderWriter(config.landingDir());
            sinks.add(files);
            sinkByTransport.put(Protocol.TT10_FILE, files);
        }
        return s -> sinkByTransport.get(transport(s));
    }

    private void writeMapping(java.nio.file.Path file) {
        try {
            java.nio.file.Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            java.nio.file.Files.writeString(file, opcua.connectorMapping());
            LOG.info("OPC UA mapping for the connector written to {}", file);
        } catch (java.io.IOException e) {
            throw new ConfigException("cannot write simulator.opcua.mappingFile " + file + ": " + e.getMessage());
        }
    }

    private MqttCredentials credentials() {
        if (config.connection() == Connection.MULTIPLEXED && config.gatewayPassword().isPresent()) {
            return new MqttCredentials(Map.of(config.mqtt().gatewayUser(), config.gatewayPassword().get()),
                    "simulator.mqtt.password");
        }
        return MqttCredentials.load(config.credentialsFile().orElseThrow(() -> new ConfigException(
                "simulator.credentialsFile is required for MQTT stations: the user=password file that"
                        + " `./quantrac services up` generated (see `./quantrac services env`)")));
    }

    /** The transport a station uses under the configured protocol choice. */
    Protocol transport(Station s) {
        ProtocolChoice p = config.protocol();
        switch (p) {
            case MQTT:
                return Protocol.MQTT_JSON;
            case TT10:
                return Protocol.MQTT_TT10;
            case FILES:
                return Protocol.TT10_FILE;
            case OPCUA:
                return Protocol.OPCUA;
            default:
                return s.protocol();
        }
    }

    private void closeSinks() {
        for (ObservationSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", s.getClass().getSimpleName(), e.getMessage());
            }
        }
        sinks.clear();
    }

    /** Stops the simulation, lets deliveries settle, closes connections (stations go offline), writes the truth. */
    @Override
    public void close() {
        if (simulation != null) {
            simulation.close();
        }
        closeSinks();
        scheduler.shutdownNow();
        config.truthFile().ifPresent(f -> {
            truth.writeJson(f);
            LOG.info("ground truth written to {}", f);
        });
    }
}
