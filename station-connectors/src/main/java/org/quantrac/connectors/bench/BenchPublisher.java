package org.quantrac.connectors.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** One MQTT connection publishing for a share of the synthetic stations, at their interval, QoS 1. */
final class BenchPublisher implements AutoCloseable {

    /** Below the broker's receive maximum, so publishing rarely meets "too many publishes in progress". */
    private static final int MAX_IN_FLIGHT = 500;

    private final MqttAsyncClient client;
    private final List<String> stations;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    BenchPublisher(String serverUri, String user, String password, String clientId, List<String> stations)
            throws MqttException {
        this.stations = stations;
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
    }

    /**
     * Publishes every interval until the end, each station at its own offset within the interval (stations are not
     * synchronised in the field); each observation's time is the moment it is published.
     */
    void run(long intervalNanos, long startNanos, long endNanos) throws MqttException, InterruptedException {
        long slot = intervalNanos / stations.size();
        for (long tick = startNanos; tick < endNanos; tick += intervalNanos) {
            for (int i = 0; i < stations.size(); i++) {
                long due = tick + i * slot;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                publish(stations.get(i));
            }
        }
        inFlight.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS); // wait for the last PUBACKs
    }

    private void publish(String code) throws MqttException, InterruptedException {
        inFlight.acquire();
        while (true) {
            byte[] payload = ("{\"time\":\"" + Instant.now().atOffset(ZoneOffset.ofHours(7)) + "\",\"values\":["
                    + "{\"parameter\":\"PM2,5\",\"value\":35.2},{\"parameter\":\"PM10\",\"value\":51.0},"
                    + "{\"parameter\":\"SO2\",\"value\":0.021,\"unit\":\"mg/Nm3\"},"
                    + "{\"parameter\":\"O3\",\"value\":61.0}]}").getBytes(StandardCharsets.UTF_8);
            try {
                client.publish("stations/" + code + "/data", payload, 1, false, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int[] codes = token.getReasonCodes();
                        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                            failed.incrementAndGet();
                        } else {
                            published.incrementAndGet();
                        }
                        inFlight.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable error) {
                        failed.incrementAndGet();
                        inFlight.release();
                    }
                });
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    inFlight.release();
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    long published() {
        return published.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
