package org.quantrac.connectors.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The landing folder and its bookkeeping: which files are complete, which contents were already ingested (SHA-256 of
 * every ingested file, appended to {@code .ingested} and forced to disk), and moving files to {@code done/} or
 * {@code rejected/} (with a {@code .reason} file). Used from one thread.
 */
public final class LandingFolder {

    private static final String INDEX = ".ingested";

    private final Path landing;
    private final Path done;
    private final Path rejected;
    private final Set<String> ingested = new HashSet<>();
    private final FileChannel index;

    public LandingFolder(Path landing) {
        this.landing = landing;
        this.done = landing.resolve("done");
        this.rejected = landing.resolve("rejected");
        try {
            Files.createDirectories(done);
            Files.createDirectories(rejected);
            Path indexFile = landing.resolve(INDEX);
            if (Files.exists(indexFile)) {
                for (String line : Files.readAllLines(indexFile, StandardCharsets.UTF_8)) {
                    if (line.length() >= 64) {
                        ingested.add(line.substring(0, 64));
                    }
                }
            }
            index = FileChannel.open(indexFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the landing folder " + landing
                    + " (it must exist and be writable: done/ and rejected/ are created in it)", e);
        }
    }

    /** Regular files directly in the landing folder, unchanged for at least {@code settle}, oldest first. */
    public List<Path> completeFiles(Duration settle, Instant now) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(landing)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p)
                        && !Files.getLastModifiedTime(p).toInstant().isAfter(now.minus(settle))) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the landing folder " + landing, e);
        }
        files.sort((a, b) -> {
            try {
                int c = Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                return c != 0 ? c : a.getFileName().compareTo(b.getFileName());
            } catch (IOException e) {
                return a.getFileName().compareTo(b.getFileName());
            }
        });
        return files;
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a file with this content was ingested before (under any name). */
    public boolean alreadyIngested(String sha256) {
        return ingested.contains(sha256);
    }

    /** Remembers the content as ingested, durably, before the file is moved away. */
    public void markIngested(String sha256, String fileName) {
        try {
            index.write(java.nio.ByteBuffer.wrap((sha256 + " " + fileName + "\n").getBytes(StandardCharsets.UTF_8)));
            index.force(false);
            ingested.add(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + landing.resolve(INDEX), e);
        }
    }

    /** Moves the file to {@code done/}; a name taken already gets a numeric suffix. */
    public Path moveToDone(Path file) {
        return move(file, done);
    }

    /** Moves the file to {@code rejected/} with a {@code <name>.reason} file beside it. */
    public Path moveToRejected(Path file, String reason) {
        Path target = move(file, rejected);
        try {
            Files.writeString(target.resolveSibling(target.getFileName() + ".reason"), reason, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reason for " + target, e);
        }
        return target;
    }

    private static Path move(Path file, Path folder) {
        String name = file.getFileName().toString();
        Path target = folder.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = folder.resolve(name + "." + i);
        }
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + folder, e);
        }
    }

    public Path done() {
        return done;
    }

    public Path rejected() {
        return rejected;
    }

    public void close() {
        try {
            index.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
