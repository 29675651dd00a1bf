package org.quantrac.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingFolderTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultPatternTakesTheStationCodeFromTheStartOfTheName() {
        FileDropSettings s = new FileDropSettings(true, dir, Pattern.compile(FileDropSettings.DEFAULT_PATTERN),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(s.stationOf("QN-WW-02_20261128070500.txt")).contains("QN-WW-02");
        assertThat(s.stationOf("QN-WW-02_KHI_THAI_20261128070500.TXT")).contains("QN-WW-02");
        assertThat(s.stationOf("QN-WW-02.txt")).isEmpty();
        assertThat(s.stationOf("QN-WW-02_2026112807.txt")).isEmpty();
        assertThat(s.stationOf("QN-WW-02_20261128070500.csv")).isEmpty();
    }

    @Test
    void onlySettledVisibleFilesAreCompleteOldestFirst() throws Exception {
        Instant now = Instant.parse("2026-11-28T00:10:00Z");
        write("b.txt", now.minusSeconds(60));
        write("a.txt", now.minusSeconds(30));
        write("growing.txt", now.minusSeconds(2));
        write(".upload.part", now.minusSeconds(600));
        Files.createDirectories(dir.resolve("sub"));
        LandingFolder folder = new LandingFolder(dir);
        try {
            assertThat(folder.completeFiles(Duration.ofSeconds(10), now)).extracting(p -> p.getFileName().toString())
                    .containsExactly("b.txt", "a.txt");
        } finally {
            folder.close();
        }
    }

    @Test
    void ingestedContentIsRememberedAcrossRestartsAndMovesNeverOverwrite() throws Exception {
        String hash = LandingFolder.sha256("x".getBytes(StandardCharsets.UTF_8));
        LandingFolder folder = new LandingFolder(dir);
        folder.markIngested(hash, "a.txt");
        Path first = folder.moveToDone(write("a.txt", Instant.now()));
        Path second = folder.moveToDone(write("a.txt", Instant.now()));
        Path rejected = folder.moveToRejected(write("c.txt", Instant.now()), "UNKNOWN_STATION: no\n");
        folder.close();
        assertThat(first.getFileName().toString()).isEqualTo("a.txt");
        assertThat(second.getFileName().toString()).isEqualTo("a.txt.1");
        assertThat(Files.readString(rejected.resolveSibling("c.txt.reason"))).isEqualTo("UNKNOWN_STATION: no\n");

        LandingFolder again = new LandingFolder(dir);
        try {
            assertThat(again.alreadyIngested(hash)).isTrue();
            assertThat(again.alreadyIngested(LandingFolder.sha256("y".getBytes(StandardCharsets.UTF_8)))).isFalse();
        } finally {
            again.close();
        }
    }

    private Path write(String name, Instant modified) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, name, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }
}
