package org.quantrac.launcher.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo empties only folders it made, starts every run from nothing, and leaves nothing behind. */
class DemoDataDirTest {

    @TempDir
    Path tmp;

    @Test
    void aForeignNonEmptyFolderIsRefusedAndKept() throws IOException {
        Path foreign = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(foreign.resolve("holiday.jpg"), "x");
        assertThatThrownBy(() -> DemoDataDir.prepare(foreign)).isInstanceOf(IOException.class)
                .hasMessageContaining("was not made by the demo");
        DemoDataDir.remove(foreign);
        assertThat(foreign.resolve("holiday.jpg")).exists();
    }

    @Test
    void theDemosOwnFolderIsEmptiedAtStartAndRemovedAtStop() throws IOException {
        Path dir = DemoDataDir.prepare(tmp.resolve("demo"));
        Files.createDirectories(dir.resolve("kafka/log"));
        Files.writeString(dir.resolve("kafka/log/segment"), "old run");
        DemoDataDir.prepare(dir);
        assertThat(dir.resolve("kafka")).doesNotExist();
        DemoDataDir.remove(dir);
        assertThat(dir).doesNotExist();
    }
}
