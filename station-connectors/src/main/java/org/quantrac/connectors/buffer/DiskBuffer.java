package org.quantrac.connectors.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.quantrac.connectors.kafka.OutgoingRecord;

/**
 * A bounded, append-only, on-disk FIFO of records waiting for Kafka. Records are appended to segment files and made
 * durable (fsync) before {@link #append} returns; a cursor file remembers what Kafka has acknowledged, so the buffer
 * survives a restart (a record can be sent twice after a crash, never lost). A torn record at the end of the last
 * segment (crash mid-write) is cut off on open; it was never acknowledged to anyone.
 *
 * <p>Frame: {@code int length, int crc32c(body), body}; body: {@code short topicLength, topic, int keyLength (-1 =
 * none), key, int valueLength, value}. Not thread-safe on its own: {@link BufferedPublisher} serialises access.
 */
public final class DiskBuffer implements AutoCloseable {

    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{12})\\.log");
    private static final int HEADER = 8;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeSet<Long> segments = new TreeSet<>();
    private FileChannel writer;
    private long writeSegment;
    /** Read position: segment and offset of the first record not yet acknowledged by Kafka. */
    private long readSegment;
    private long readOffset;
    private long records;
    private long bytes;

    /** A buffered record and where the one after it starts, for {@link #commit}. */
    public record Entry(OutgoingRecord record, long nextSegment, long nextOffset, int size) {
    }

    private DiskBuffer(Path dir, long maxBytes, long segmentBytes, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the buffer in a directory that only this process uses; fails fast if another holds it.
     *
     * @param maxBytes     capacity; {@link #append} refuses records beyond it
     * @param segmentBytes size at which a new segment file is started; fully delivered segments are deleted
     */
    public static DiskBuffer open(Path dir, long maxBytes, long segmentBytes) {
        try {
            Files.createDirectories(dir);
            FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("the buffer directory " + dir + " is used by another connector; "
                        + "give each replica its own connectors.buffer.dir");
            }
            DiskBuffer b = new DiskBuffer(dir, maxBytes, segmentBytes, lockChannel, lock);
            b.recover();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the buffer directory " + dir, e);
        }
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    segments.add(Long.parseLong(m.group(1)));
                }
            });
        }
        readSegment = segments.isEmpty() ? 0 : segments.first();
        readOffset = 0;
        Path cursor = dir.resolve("cursor");
        if (Files.exists(cursor)) {
            String[] parts = Files.readString(cursor, StandardCharsets.US_ASCII).trim().split(" ");
            long seg = Long.parseLong(parts[0]);
            if (segments.contains(seg)) {
                readSegment = seg;
                readOffset = Long.parseLong(parts[1]);
            } else if (!segments.isEmpty() && seg > segments.last()) {
                readSegment = seg; // everything was delivered and the segments deleted
            }
        }
        segments.headSet(readSegment).forEach(s -> deleteQuietly(segmentPath(s)));
        segments.headSet(readSegment).clear();
        // Count what is pending and cut a torn tail off the last segment.
        for (long seg : segments) {
            long offset = seg == readSegment ? readOffset : 0;
            try (FileChannel ch = FileChannel.open(segmentPath(seg), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long end = ch.size();
                while (offset < end) {
                    int size = frameSize(ch, offset, end);
                    if (size < 0) {
                        ch.truncate(offset);
                        ch.force(true);
                        break;
                    }
                    records++;
                    bytes += size;
                    offset += size;
                }
            }
        }
        writeSegment = segments.isEmpty() ? readSegment : segments.last();
        openWriter();
    }

    /** The frame's size if a whole, intact frame starts at offset; -1 otherwise. */
    private static int frameSize(FileChannel ch, long offset, long end) throws IOException {
        if (end - offset < HEADER) {
            return -1;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        ch.read(header, offset);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 10 || length > end - offset - HEADER) {
            return -1;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        ch.read(body, offset + HEADER);
        CRC32C c = new CRC32C();
        c.update(body.array());
        return (int) c.getValue() == crc ? HEADER + length : -1;
    }

    private void openWriter() throws IOException {
        segments.add(writeSegment);
        writer = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    private Path segmentPath(long seg) {
        return dir.resolve(String.format("segment-%012d.log", seg));
    }

    /** Whether records of this many bytes (see {@link #frameBytes}) fit now. */
    public boolean fits(long frameBytes) {
        return bytes + frameBytes <= maxBytes;
    }

    /** The bytes a record takes in the buffer. */
    public static int frameBytes(OutgoingRecord r) {
        int key = r.key() == null ? 0 : r.key().getBytes(StandardCharsets.UTF_8).length;
        return HEADER + 2 + r.topic().getBytes(StandardCharsets.UTF_8).length + 4 + key + 4 + r.value().length;
    }

    /**
     * Appends the records and forces them to disk; all or none are appended.
     *
     * @return false, appending nothing, when they do not fit in the capacity
     */
    public boolean append(List<OutgoingRecord> batch) {
        long size = 0;
        for (OutgoingRecord r : batch) {
            size += frameBytes(r);
        }
        if (!fits(size)) {
            return false;
        }
        try {
            if (writer.size() > 0 && writer.size() + size > segmentBytes) {
                writer.force(true);
                writer.close();
                writeSegment++;
                openWriter();
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            for (OutgoingRecord r : batch) {
                encode(r, buf);
            }
            buf.flip();
            while (buf.hasRemaining()) {
                writer.write(buf);
            }
            writer.force(false);
            records += batch.size();
            bytes += size;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the buffer in " + dir, e);
        }
    }

    private static void encode(OutgoingRecord r, ByteBuffer buf) {
        byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        int length = 2 + topic.length + 4 + (key == null ? 0 : key.length) + 4 + r.value().length;
        int start = buf.position();
        buf.putInt(length).putInt(0);
        int bodyStart = buf.position();
        buf.putShort((short) topic.length).put(topic);
        buf.putInt(key == null ? -1 : key.length);
        if (key != null) {
            buf.put(key);
        }
        buf.putInt(r.value().length).put(r.value());
        CRC32C c = new CRC32C();
        c.update(buf.array(), bodyStart, length);
        buf.putInt(start + 4, (int) c.getValue());
    }

    /** Up to {@code max} records from the oldest not yet committed, in order; removes nothing. */
    public List<Entry> peek(int max) {
        List<Entry> out = new ArrayList<>();
        long seg = readSegment;
        long offset = readOffset;
        try {
            while (out.size() < max && segments.contains(seg)) {
                try (FileChannel ch = FileChannel.open(segmentPath(seg), StandardOpenOption.READ)) {
                    long end = seg == writeSegment ? writer.size() : ch.size();
                    while (out.size() < max && offset < end) {
                        ByteBuffer header = ByteBuffer.allocate(HEADER);
                        ch.read(header, offset);
                        header.flip();
                        int length = header.getInt();
                        ByteBuffer body = ByteBuffer.allocate(length);
                        ch.read(body, offset + HEADER);
                        body.flip();
                        offset += HEADER + length;
                        // The position after the last record of a finished segment is the next segment's start.
                        boolean segmentDone = offset >= end && seg != writeSegment;
                        out.add(new Entry(decode(body), segmentDone ? segments.higher(seg) : seg,
                                segmentDone ? 0 : offset, HEADER + length));
                    }
                }
                if (out.size() < max && seg != writeSegment) {
                    seg = segments.higher(seg);
                    offset = 0;
                } else {
                    break;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the buffer in " + dir, e);
        }
    }

    private static OutgoingRecord decode(ByteBuffer body) {
        byte[] topic = new byte[body.getShort()];
        body.get(topic);
        int keyLength = body.getInt();
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            body.get(key);
        }
        byte[] value = new byte[body.getInt()];
        body.get(value);
        return new OutgoingRecord(new String(topic, StandardCharsets.UTF_8),
                key == null ? null : new String(key, StandardCharsets.UTF_8), value);
    }

    /** Kafka acknowledged the given entries (a prefix of what {@link #peek} returned): forget them. */
    public void commit(List<Entry> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        Entry last = delivered.get(delivered.size() - 1);
        for (Entry e : delivered) {
            records--;
            bytes -= e.size();
        }
        readSegment = last.nextSegment();
        readOffset = last.nextOffset();
        try {
            if (records == 0 && readSegment == writeSegment && writer.size() > segmentBytes / 2) {
                // Empty again: start a fresh segment so the delivered one can go.
                writer.close();
                writeSegment++;
                openWriter();
                readSegment = writeSegment;
                readOffset = 0;
            }
            Path tmp = dir.resolve("cursor.tmp");
            Files.writeString(tmp, readSegment + " " + readOffset + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the buffer cursor in " + dir, e);
        }
        while (!segments.isEmpty() && segments.first() < readSegment) {
            deleteQuietly(segmentPath(segments.pollFirst()));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Deleted at the next open instead.
        }
    }

    /** Records waiting for Kafka. */
    public long records() {
        return records;
    }

    /** Bytes waiting for Kafka. */
    public long bytes() {
        return bytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public void close() {
        try {
            writer.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the buffer in " + dir, e);
        }
    }
}
