package org.quantrac.connectors.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.quantrac.connectors.cli.ConnectorsCommand;
import picocli.CommandLine;

/** The connectors in a JVM of their own, so that a test can kill them with SIGKILL. */
public final class ConnectorProcess implements AutoCloseable {

    private final Process process;
    private final int opsPort;

    private ConnectorProcess(Process process, int opsPort) {
        this.process = process;
        this.opsPort = opsPort;
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ConnectorsCommand()).execute(args));
    }

    /** Starts `connectors --config` with these keys; returns once /health/ready answers 200. */
    public static ConnectorProcess start(Map<String, String> keys, Path log) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder yaml = new StringBuilder();
        keys.forEach((k, v) -> yaml.append(k).append(": \"").append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\"\n"));
        yaml.append("connectors.ops.port: ").append(port).append('\n');
        Path config = Files.createDirectories(Path.of("target", "connector-process"))
                .resolve("connectors-" + port + ".yaml").toAbsolutePath();
        Files.writeString(config, yaml.toString(), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Duser.timezone=America/St_Johns");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ConnectorProcess.class.getName());
        cmd.add("--config");
        cmd.add(config.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("QUANTRAC_") && !k.startsWith("QUANTRAC_TEST_"));
        ConnectorProcess p = new ConnectorProcess(pb.start(), port);
        p.awaitReady(Duration.ofSeconds(90));
        return p;
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("connector process exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort
                        + "/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("connector process not ready within " + timeout);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the broker. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM: the shutdown hook closes the connectors. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
