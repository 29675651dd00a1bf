package org.quantrac.portal.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.quantrac.portal.auth.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quantrac portal hash-password}: prints the PBKDF2 hash to put into {@code portal.auth.users}. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Reads a password (twice, without echo) and prints its hash for portal.auth.users,",
            "e.g. portal.auth.users: \"tech1:technician:<hash>,boss:admin:<hash>\"."})
public final class HashPasswordCommand implements Callable<Integer> {

    @Option(names = "--stdin", description = "read the password from standard input (scripts)")
    boolean stdin;

    @Override
    public Integer call() throws Exception {
        char[] password;
        Console console = System.console();
        if (stdin || console == null) {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        } else {
            password = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (!Arrays.equals(password, again)) {
                System.err.println("the passwords differ");
                return 1;
            }
            Arrays.fill(again, '\0');
        }
        if (password.length < 8) {
            System.err.println("use at least 8 characters");
            return 1;
        }
        System.out.println(PasswordHasher.hash(password));
        Arrays.fill(password, '\0');
        return 0;
    }
}
