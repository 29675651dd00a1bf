package org.quantrac.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the shared development services with {@code scripts/services.sh}, for the fault tests that take a
 * real server away (run them under {@code flock -x /tmp/quantrac-services.lock}). The script's output goes to
 * {@code target/services/<which>.log} and is quoted when it fails.
 */
public final class LocalServices {

    private LocalServices() {
    }

    /**
     * @param action {@code up} or {@code down}
     * @param which  the services, as {@code QUANTRAC_SERVICES} names them ({@code kafka}, {@code mqtt}, {@code db},
     *               comma-separated)
     */
    public static void run(String action, String which) throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent(); // tests run in their module's folder
        Path script = repo.resolve("scripts/services.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("this test drives " + script + ", which is missing");
        }
        Path log = Files.createDirectories(Path.of("target", "services")).resolve(which.replace(',', '-') + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), action).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("QUANTRAC_SERVICES", which);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("services.sh " + action + " " + which + " did not finish in 180 s; "
                    + "its output: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("services.sh " + action + " " + which + " exited with "
                    + p.exitValue() + "; its output: " + Files.readString(log));
        }
    }
}
