package org.quantrac.connectors.files;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.quantrac.connectors.ingest.Ingestor;
import org.quantrac.connectors.mapper.MappingResult;
import org.quantrac.connectors.mapper.PayloadFormat;
import org.quantrac.connectors.mapper.RejectReason;
import org.quantrac.connectors.mapper.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests Circular 10/2021 {@code .txt} files from the landing folder, one at a time, oldest first: a file is moved to
 * {@code done/} only after Kafka (or the durable buffer) took its records, and its content hash is recorded first, so
 * a restart or a re-upload of the same content does not ingest it twice. A file whose values are all rejected goes
 * to {@code rejected/} with a {@code .reason} file; every rejection is also a dead letter.
 *
 * <p>Waiting for Kafka blocks the scan: while the buffer is full, no further file is read (backpressure).
 */
public final class FileDropVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(FileDropVerticle.class);

    private final FileDropSettings settings;
    private final Ingestor ingestor;
    private final Clock clock;
    private final AtomicLong ingestedFiles = new AtomicLong();
    private final AtomicLong duplicateFiles = new AtomicLong();
    private final AtomicLong rejectedFiles = new AtomicLong();
    private volatile LandingFolder folder;
    private volatile boolean stopping;
    private volatile Future<Void> scan = Future.succeededFuture();
    private long timer = -1;

    public FileDropVerticle(FileDropSettings settings, Ingestor ingestor, Clock clock) {
        this.settings = settings;
        this.ingestor = ingestor;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            folder = new LandingFolder(settings.landing());
            return null;
        }).onSuccess(v -> {
            LOG.info("File-drop connector ready [landing: {}] [pattern: {}]", settings.landing(),
                    settings.namePattern());
            schedule(0);
        });
    }

    private void schedule(long delayMs) {
        if (stopping) {
            return;
        }
        timer = vertx.setTimer(Math.max(1, delayMs), id -> {
            scan = context.executeBlocking(() -> {
                scanOnce();
                return null;
            }, true);
            scan.onComplete(ar -> {
                if (ar.failed()) {
                    LOG.error("[landing: {}] scan failed; retrying in {}", settings.landing(), settings.poll(),
                            ar.cause());
                }
                schedule(settings.poll().toMillis());
            });
        });
    }

    private void scanOnce() {
        for (Path file : folder.completeFiles(settings.settle(), clock.instant())) {
            if (stopping) {
                return;
            }
            ingestFile(file);
        }
    }

    private void ingestFile(Path file) {
        String name = file.getFileName().toString();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warn("[file: {}] cannot read it yet: {}", name, e.toString());
            return;
        }
        String station = settings.stationOf(name).orElse(null);
        if (station == null) {
            Rejection r = new Rejection(RejectReason.UNKNOWN_STATION, "file name '" + name + "' does not match "
                    + settings.namePattern() + ", which tells the station (connectors.files.namePattern)");
            ingestor.reject("", r, content, name).join();
            folder.moveToRejected(file, r.reason() + ": " + r.detail() + "\n");
            rejectedFiles.incrementAndGet();
            return;
        }
        String hash = LandingFolder.sha256(content);
        if (folder.alreadyIngested(hash)) {
            folder.moveToDone(file);
            duplicateFiles.incrementAndGet();
            LOG.debug("[station: {}] [file: {}] same content as an ingested file; not ingested again", station, name);
            return;
        }
        MappingResult result;
        try {
            result = ingestor.ingest(station, PayloadFormat.TT10_FILE, content, name).join();
        } catch (CompletionException e) {
            LOG.warn("[station: {}] [file: {}] not ingested, stays for the next scan: {}", station, name,
                    e.getCause().toString());
            return;
        }
        if (result.observations().isEmpty()) {
            folder.moveToRejected(file, result.rejections().stream().map(r -> r.reason() + ": " + r.detail())
                    .collect(Collectors.joining("\n", "", "\n")));
            rejectedFiles.incrementAndGet();
        } else {
            folder.markIngested(hash, name);
            folder.moveToDone(file);
            ingestedFiles.incrementAndGet();
        }
    }

    /** Whether the landing folder is usable. */
    public boolean ready() {
        return folder != null && !stopping && Files.isDirectory(settings.landing());
    }

    public long ingestedFiles() {
        return ingestedFiles.get();
    }

    public long duplicateFiles() {
        return duplicateFiles.get();
    }

    public long rejectedFiles() {
        return rejectedFiles.get();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        Promise<Void> stopped = Promise.promise();
        // The file in progress finishes (its records are safe) before the folder is closed.
        scan.onComplete(ar -> vertx.executeBlocking(() -> {
            if (folder != null) {
                folder.close();
            }
            return null;
        }).onComplete(x -> stopped.tryComplete()));
        return stopped.future();
    }
}
