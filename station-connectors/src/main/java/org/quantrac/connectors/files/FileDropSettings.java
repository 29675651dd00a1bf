package org.quantrac.connectors.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Circular 10/2021 file-drop connector.
 *
 * @param landing     the folder the department's FTP server writes into; {@code done/} and {@code rejected/} go below
 * @param namePattern file names it takes; group {@code station} is the station code
 * @param poll        how often the folder is scanned
 * @param settle      a file is complete once unchanged for this long (FTP uploads grow while they run)
 */
public record FileDropSettings(boolean enabled, Path landing, Pattern namePattern, Duration poll, Duration settle) {

    /** Default: the name starts with the station code, then {@code _…_YYYYMMDDhhmmss.txt}. */
    public static final String DEFAULT_PATTERN = "(?<station>[^_]+)_(?:.*_)?\\d{14}\\.(?i:txt)";

    public FileDropSettings {
        Objects.requireNonNull(landing, "landing");
        Objects.requireNonNull(namePattern, "namePattern");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(settle, "settle");
        if (!namePattern.pattern().contains("(?<station>")) {
            throw new IllegalArgumentException("the file name pattern needs a group (?<station>…): " + namePattern);
        }
    }

    /** The station code in a file name, if the name is one the connector takes. */
    public Optional<String> stationOf(String fileName) {
        Matcher m = namePattern.matcher(fileName);
        return m.matches() ? Optional.of(m.group("station")) : Optional.empty();
    }
}
