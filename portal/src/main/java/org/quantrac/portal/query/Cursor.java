package org.quantrac.portal.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Position after the last row of a page: the row's time (microseconds, the database's resolution) and parameter id.
 * Rows are ordered by (time, parameter), so the next page is {@code (time, parameter_id) > (cursor)}: stable under
 * concurrent inserts, unlike an offset. Opaque to clients (base64url).
 */
public record Cursor(Instant time, int parameterId) {

    public String encode() {
        long micros = time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + micros + ":" + parameterId).getBytes(StandardCharsets.US_ASCII));
    }

    public static Cursor decode(String text) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.US_ASCII).split(":");
            if (p.length != 3 || !p[0].equals("v1")) {
                throw new IllegalArgumentException("bad cursor");
            }
            long micros = Long.parseLong(p[1]);
            return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), Integer.parseInt(p[2]));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("'cursor' = '" + text + "' is not a cursor of this API: pass the 'next' link "
                    + "of the previous page unchanged");
        }
    }
}
