package org.quantrac.portal.sta;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quantrac.portal.query.BadRequest;

/**
 * The SensorThings query options this server understands: {@code $top}, {@code $skip}, {@code $count},
 * {@code $orderby} (one property, asc/desc), {@code $expand} (one level, comma-separated navigation properties), and
 * {@code $filter} as comparisons joined by {@code and}: {@code phenomenonTime}/{@code resultTime} with ge/gt/le/lt/eq
 * and an ISO 8601 instant, {@code @iot.id eq N}, {@code name eq 'text'}. Anything else is a 400 that says what is
 * supported, rather than a silently ignored filter.
 */
public record StaQuery(int top, int skip, boolean count, Optional<String> orderBy, boolean descending,
                       List<String> expand, Optional<Instant> from, Optional<Instant> to, Optional<Long> idEq,
                       Optional<String> nameEq) {

    public static final int DEFAULT_TOP = 100;
    public static final int MAX_TOP = 10_000;
    private static final Pattern TIME_CMP = Pattern.compile(
            "(phenomenonTime|resultTime)\\s+(ge|gt|le|lt|eq)\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ID_EQ = Pattern.compile("@iot\\.id\\s+eq\\s+(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME_EQ = Pattern.compile("name\\s+eq\\s+'((?:[^']|'')*)'",
            Pattern.CASE_INSENSITIVE);

    public static StaQuery parse(String top, String skip, String count, String orderBy, String expand,
                                 String filter) {
        int t = number("$top", top, DEFAULT_TOP, 0, MAX_TOP);
        int s = number("$skip", skip, 0, 0, 1_000_000);
        boolean c = count != null && count.trim().equalsIgnoreCase("true");
        Optional<String> ob = Optional.empty();
        boolean desc = false;
        if (orderBy != null && !orderBy.isBlank()) {
            String[] p = orderBy.trim().split("\\s+");
            if (p.length > 2 || (p.length == 2 && !p[1].matches("(?i)asc|desc"))) {
                throw new BadRequest("$orderby = '" + orderBy + "': one property with optional asc or desc, e.g. "
                        + "phenomenonTime desc");
            }
            ob = Optional.of(p[0]);
            desc = p.length == 2 && p[1].equalsIgnoreCase("desc");
        }
        List<String> ex = new ArrayList<>();
        if (expand != null && !expand.isBlank()) {
            for (String e : expand.split(",")) {
                String name = e.trim();
                if (name.contains("/") || name.contains("(")) {
                    throw new BadRequest("$expand = '" + expand + "': only one level of navigation properties "
                            + "without nested options is supported, e.g. $expand=Locations,Datastreams");
                }
                ex.add(name);
            }
        }
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        Optional<Long> idEq = Optional.empty();
        Optional<String> nameEq = Optional.empty();
        if (filter != null && !filter.isBlank()) {
            for (String clause : filter.trim().split("(?i)\\s+and\\s+")) {
                String cl = clause.trim().replaceAll("^\\((.*)\\)$", "$1").trim();
                Matcher m = TIME_CMP.matcher(cl);
                Matcher id = ID_EQ.matcher(cl);
                Matcher name = NAME_EQ.matcher(cl);
                if (m.matches()) {
                    Instant at = instant(m.group(3));
                    switch (m.group(2).toLowerCase(Locale.ROOT)) {
                        case "ge": from = Optional.of(at); break;
                        case "gt": from = Optional.of(at.plusNanos(1_000)); break;
                        case "lt": to = Optional.of(at); break;
                        case "le": to = Optional.of(at.plusNanos(1_000)); break;
                        default: from = Optional.of(at); to = Optional.of(at.plusNanos(1_000)); break;
                    }
                } else if (id.matches()) {
                    idEq = Optional.of(Long.parseLong(id.group(1)));
                } else if (name.matches()) {
                    nameEq = Optional.of(name.group(1).replace("''", "'"));
                } else {
                    throw new BadRequest("$filter clause '" + cl + "' is not supported: use phenomenonTime (or "
                            + "resultTime) ge/gt/le/lt/eq an ISO 8601 time, @iot.id eq N or name eq 'text', "
                            + "joined by and");
                }
            }
        }
        return new StaQuery(t, s, c, ob, desc, List.copyOf(ex), from, to, idEq, nameEq);
    }

    private static Instant instant(String text) {
        String t = text.trim().replaceAll("^'(.*)'$", "$1");
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest("$filter time '" + text + "' is not an ISO 8601 instant with offset, e.g. "
                    + "2026-11-20T00:00:00Z");
        }
    }

    private static int number(String name, String text, int def, int min, int max) {
        if (text == null || text.isBlank()) {
            return def;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadRequest(name + " = '" + text + "' must be a whole number from " + min + " to " + max);
    }
}
