package io.influxupgrade.shell.core;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.shell.LaunchOptions;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a password comes from: a file ({@code --password-file}), the {@code INFLUX_PASSWORD} environment
 * variable, or a masked prompt in the REPL. Never an option value, never stored, never printed.
 */
@Component
public class Passwords {

    private final LaunchOptions options;
    private final ObjectProvider<LineReader> reader;

    public Passwords(LaunchOptions options, ObjectProvider<LineReader> reader) {
        this.options = options;
        this.reader = reader;
    }

    /** The password, or null when none is configured and no prompt is possible (no auth). */
    public char[] read(String user, Path passwordFile, boolean prompt) {
        if (passwordFile != null) {
            try {
                String s = Files.readString(passwordFile, StandardCharsets.UTF_8);
                return s.strip().toCharArray();
            } catch (IOException e) {
                throw UpgradeException.unavailable("cannot read password file " + passwordFile + ": " + e.getClass().getSimpleName());
            }
        }
        String env = System.getenv("INFLUX_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        if (prompt && user != null && options.mode() == LaunchOptions.Mode.INTERACTIVE) {
            LineReader r = reader.getIfAvailable();
            if (r != null) {
                try {
                    String pw = r.readLine("password for " + user + ": ", '*');
                    return pw == null ? null : pw.toCharArray();
                } catch (UserInterruptException e) {
                    throw UpgradeException.usage("password prompt cancelled");
                }
            }
        }
        return null;
    }
}
