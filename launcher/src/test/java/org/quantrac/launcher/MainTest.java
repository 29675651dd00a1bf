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
    void unknownCommandFailsWithUsage() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("frobnicate")).isNotZero();
        assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate");
    }
}
