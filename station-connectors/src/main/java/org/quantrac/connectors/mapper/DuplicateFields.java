package org.quantrac.connectors.mapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The field names of one JSON object, for rejecting a name given twice (which of two values was meant is unknowable).
 * Jackson's own check ({@code STRICT_DUPLICATE_DETECTION}) allocates a {@code HashSet} for every object of more than
 * two fields, i.e. for every entry of {@code values}: a measurable share of the connector's CPU at full rate (JFR,
 * docs/connectors.md). The names the mapper reads are one bit each; any other name, rare, goes to a set made on demand.
 */
final class DuplicateFields {

    private int known;
    private Set<String> others;

    /** A field the mapper reads; {@code bit} is its index among the object's known names (0–31). */
    void known(JsonParser p, String name, int bit) throws JsonParseException {
        int mask = 1 << bit;
        if ((known & mask) != 0) {
            throw duplicate(p, name);
        }
        known |= mask;
    }

    /** A field the mapper does not read: still one of the object's names. */
    void other(JsonParser p, String name) throws JsonParseException {
        if (others == null) {
            others = new HashSet<>(4);
        }
        if (!others.add(name)) {
            throw duplicate(p, name);
        }
    }

    /**
     * Skips the current value (the parser is on its first token and is left on its last); a name given twice in any
     * object inside it is malformed too, as with Jackson's check. Recursion is bounded by Jackson's nesting limit
     * ({@code StreamReadConstraints}), which rejects deeper input before it gets here.
     */
    static void skip(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            DuplicateFields names = new DuplicateFields();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                names.other(p, name);
                p.nextToken();
                skip(p);
            }
        } else if (t == JsonToken.START_ARRAY) {
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e == null) { // Jackson reports a truncated array itself; this only guards against looping
                    throw new JsonParseException(p, "Unexpected end-of-input in an array");
                }
                skip(p);
            }
        }
    }

    private static JsonParseException duplicate(JsonParser p, String name) {
        return new JsonParseException(p, "Duplicate field '" + name + "'");
    }
}
