package org.quantrac.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Subcommands implemented by the repository's shell scripts. The {@code ./quantrac} wrapper runs them without
 * building the jar first (a fresh machine has no jar yet); they are listed here so {@code --help} shows every command.
 */
final class ScriptCommands {

    private ScriptCommands() {
    }

    @Command(name = "services", mixinStandardHelpOptions = true,
            description = {"Start, stop or inspect the real services (TimescaleDB, Mosquitto, Kafka) on 127.0.0.1.",
                    "Installs what is missing into ~/.cache/quantrac on first use; idempotent.",
                    "Actions: up, down, status, reset (down and delete all data), env (print test variables),",
                    "prune (delete the topics and schemas earlier test runs left)."})
    static final class Services implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "up|down|status|reset|env|prune")
        String action;

        @Override
        public Integer call() throws Exception {
            return runScript("scripts/services.sh", List.of(action));
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run every test: starts the services, then `mvnw verify` (unit and integration tests).",
                    "Extra arguments go to Maven, e.g. `./quantrac test -pl core`."})
    static final class Test implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "MAVEN_ARGS")
        List<String> mavenArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return runScript("scripts/test.sh", mavenArgs);
        }
    }

    private static int runScript(String script, List<String> args) throws Exception {
        Path home = Path.of(System.getProperty("quantrac.home", "."));
        Path file = home.resolve(script);
        if (!Files.isRegularFile(file)) {
            System.err.println("quantrac: " + file + " not found; run ./quantrac from the repository root");
            return 2;
        }
        List<String> command = new ArrayList<>(List.of("bash", file.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).inheritIO().directory(home.toFile()).start().waitFor();
    }
}
