package org.quantrac.simulator.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.quantrac.core.testing.TestServices;

/** A real Paho subscriber logged in as quantrac-connector, collecting what arrives. */
final class TestSubscriber implements AutoCloseable {

    record Received(String topic, String payload, boolean retained) {
    }

    private final MqttAsyncClient client;
    final ConcurrentLinkedQueue<Received> messages = new ConcurrentLinkedQueue<>();

    TestSubscriber(String clientId, String... filters) throws MqttException {
        client = new MqttAsyncClient(TestServices.mqtt(), clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                messages.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("quantrac-connector");
        o.setPassword(TestServices.mqttCredentials().getProperty("quantrac-connector")
                .getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        // Many stations publish at once in the tests: let the broker send us plenty in parallel.
        o.setReceiveMaximum(1000);
        client.connect(o).waitForCompletion(10_000);
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
        }
        client.subscribe(subs).waitForCompletion(10_000);
    }

    List<Received> received() {
        return List.copyOf(messages);
    }

    /**
     * A simulated period start nobody else uses: other tests and demos publish on the same broker and station
     * topics, so each test picks its own random hour (aligned to 5 minutes) and looks only at its own times.
     */
    static java.time.Instant ownPeriodStart() {
        long fiveMinutes = java.util.concurrent.ThreadLocalRandom.current().nextLong(2 * 365 * 288);
        return java.time.Instant.parse("2023-01-01T00:00:00Z").plusSeconds(fiveMinutes * 300);
    }

    /** The measurement time of a data payload (JSON "time" or the first TT10 line), if it has one. */
    static java.util.Optional<java.time.Instant> time(Received r) {
        try {
            if (r.topic().endsWith("/tt10")) {
                String[] f = r.payload().split("\n")[0].split("\t");
                return java.util.Optional.of(java.time.LocalDateTime.parse(f[3],
                        java.time.format.DateTimeFormatter.ofPattern("uuuuMMddHHmmss"))
                        .toInstant(java.time.ZoneOffset.ofHours(7)));
            }
            // Also for payloads cut in half (malformed on purpose): the time comes early in them.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"time\":\"([^\"]+)\"").matcher(r.payload());
            return m.find() ? java.util.Optional.of(java.time.OffsetDateTime.parse(m.group(1)).toInstant())
                    : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    /** Messages whose measurement time is in [from, to). */
    List<Received> within(java.time.Instant from, java.time.Instant to) {
        List<Received> out = new java.util.ArrayList<>();
        for (Received r : messages) {
            java.util.Optional<java.time.Instant> t = time(r);
            if (t.isPresent() && !t.get().isBefore(from) && t.get().isBefore(to)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
