package org.quantrac.simulator.tt10;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import org.quantrac.simulator.engine.DeliveryException;
import org.quantrac.simulator.engine.ObservationSink;
import org.quantrac.simulator.signal.Observation;
import org.quantrac.simulator.signal.StationClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stations that push Circular 10/2021 files by FTP: one {@code CODE_YYYYMMDDhhmmss.txt} per observation in the landing
 * folder. A file appears complete or not at all (written under a temporary name, then renamed), as a well-behaved FTP
 * upload to a temporary name does, so the connector never reads half a file.
 */
public final class LandingFolderWriter implements ObservationSink {

    private static final Logger LOG = LoggerFactory.getLogger(LandingFolderWriter.class);

    private final Path folder;

    public LandingFolderWriter(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the TT10 landing folder " + folder + ": " + e.getMessage(), e);
        }
        LOG.info("TT10 files go to {}", folder.toAbsolutePath());
    }

    public Path folder() {
        return folder;
    }

    @Override
    public CompletableFuture<Void> send(Observation o) {
        return write(Tt10Text.fileName(o), Tt10Text.lines(o));
    }

    /** A file the connector must reject: a line with a missing field and a value that is not a number. */
    @Override
    public CompletableFuture<Void> sendMalformed(Observation o) {
        String line = o.values().get(0).parameter().symbol() + "\tn/a\t" + StationClock.compact(o.time()) + "\n";
        return write(Tt10Text.fileName(o), line);
    }

    /** Writes any content under a name (malformed-file faults, replays). */
    public CompletableFuture<Void> write(String fileName, String content) {
        Path target = folder.resolve(fileName);
        Path temp = folder.resolve("." + fileName + ".part");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new DeliveryException("FILE_IO", "cannot write " + target + ": "
                    + e.getMessage(), e));
        }
    }

    @Override
    public void close() {
        // Nothing held open.
    }
}
