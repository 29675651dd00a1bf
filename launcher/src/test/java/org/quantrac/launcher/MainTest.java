package org.quantrac.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void topLevelHelpListsEveryRoleCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("services", "test", "demo", "simulate", "connectors", "processor", "alerting", "portal", "migrate", "bench");
    }

    @Test
    void everySubcommandHasItsOwnHelp() {
        CommandLine cli = Main.commandLine();
        for (String name : cli.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            StringWriter out = new StringWriter();
            CommandLine sub = Main.commandLine();
            sub.setOut(new PrintWriter(out));
            assertThat(sub.execute(name, "--help")).as(name).isZero();
            assertThat(out.toString()).as(name).contains("Usage:").contains(name);
        }
    }

    @Test
    void benchListsItsMeasurementsAndRejectsANonPositiveProcessorRun() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("bench", "--help")).isZero();
        assertThat(out.toString()).contains("connectors", "sink", "processor", "pipeline", "portal");

        // checked before any server is contacted: exit 2 like every other usage error
        assertThat(Main.commandLine().execute("bench", "processor", "--consumers", "0", "--json")).isEqualTo(2);
        assertThat(Main.commandLine().execute("bench", "processor", "--observations", "0", "--json")).isEqualTo(2);
    }

    @Test
    void unknownCommandFailsWithUsage() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("frobnicate")).isNotZero();
        assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate");
    }
}
