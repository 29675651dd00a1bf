package org.quantrac.processor.sink;

import java.util.Arrays;

/**
 * Encodes reading rows in PostgreSQL's binary COPY format ({@code COPY … FROM STDIN (FORMAT binary)}) for the columns
 * {@code (time, station_id, parameter_id, value, status, qc_flags)}.
 *
 * <p>Format (PostgreSQL docs, "COPY — Binary Format"): the 11-byte signature {@code PGCOPY\n\377\r\n\0}, a 32-bit flags
 * field and a 32-bit header-extension length; then per tuple a 16-bit field count and per field a 32-bit length
 * followed by the value in the type's binary send format (network byte order); then a 16-bit {@code -1} trailer. Binary rather
 * than text: the server skips parsing numbers and timestamps, which is most of COPY's CPU on narrow rows.
 *
 * <p>{@code timestamptz} is sent as 64-bit microseconds since 2000-01-01 00:00 UTC (integer datetimes, the only kind
 * since PostgreSQL 10).
 */
public final class BinaryCopyEncoder {

    /** Microseconds between the Unix epoch and PostgreSQL's epoch 2000-01-01T00:00:00Z. */
    static final long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;
    static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** Field count (2) + per field a length (4) and the value: 8 + 4 + 2 + 8 + 2 + 4. */
    static final int TUPLE_BYTES = 2 + 6 * 4 + 8 + 4 + 2 + 8 + 2 + 4;
    private static final short FIELDS = 6;

    private byte[] buf = new byte[64 * 1024];
    private int pos;

    /** The bytes written so far; valid up to {@link #length()}. */
    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return pos;
    }

    /** Encodes a whole batch (header, every row, trailer), replacing what was encoded before. */
    public BinaryCopyEncoder encode(ReadingBatch batch) {
        pos = 0;
        ensure(SIGNATURE.length + 8 + batch.size() * TUPLE_BYTES + 2);
        System.arraycopy(SIGNATURE, 0, buf, 0, SIGNATURE.length);
        pos = SIGNATURE.length;
        putInt(0); // flags: no OIDs
        putInt(0); // header extension length
        for (int i = 0; i < batch.size(); i++) {
            putShort(FIELDS);
            putInt(8);
            putLong(batch.epochMicros(i) - PG_EPOCH_OFFSET_MICROS);
            putInt(4);
            putInt(batch.stationId(i));
            putInt(2);
            putShort(batch.parameterId(i));
            putInt(8);
            putLong(Double.doubleToRawLongBits(batch.value(i)));
            putInt(2);
            putShort(batch.status(i));
            putInt(4);
            putInt(batch.qcFlags(i));
        }
        putShort((short) -1);
        return this;
    }

    private void ensure(int capacity) {
        if (buf.length < capacity) {
            buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
        }
    }

    private void putShort(short v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
