package org.quantrac.portal.api;

import java.nio.charset.StandardCharsets;

/** RFC 4180 CSV with CRLF line ends; fields with a comma, quote or line break are quoted (symbols like PM2,5). */
public final class Csv {

    private final StringBuilder sb = new StringBuilder(8192);

    public Csv row(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            field(fields[i]);
        }
        sb.append("\r\n");
        return this;
    }

    private void field(Object o) {
        if (o == null) {
            return;
        }
        String s = o.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            sb.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else {
            sb.append(s);
        }
    }

    public byte[] bytes() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
