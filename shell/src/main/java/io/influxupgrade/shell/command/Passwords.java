package io.influxupgrade.shell.command;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.shell.launch.LaunchOptions;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/**
 * Where a password comes from: a file ({@code --password-file}), the {@code INFLUX_PASSWORD} environment
 * variable, or a masked prompt in the REPL. Never an option value, never stored, never printed. Reading
 * the file and the variable is {@link io.influxupgrade.commands.verify.Passwords}'s job (one implementation).
 */
@Component
public class Passwords {

    private final LaunchOptions options;
    private final ObjectProvider<LineReader> reader;

    public Passwords(LaunchOptions options, ObjectProvider<LineReader> reader) {
        this.options = options;
        this.reader = reader;
    }

    /** The password (a fresh array the caller wipes), or null when none is configured and no prompt is possible. */
    public char[] read(String user, Path passwordFile, boolean prompt) {
        if (passwordFile != null) {
            return io.influxupgrade.commands.verify.Passwords.fromFile(passwordFile);
        }
        char[] env = io.influxupgrade.commands.verify.Passwords.fromEnv(System.getenv());
        if (env != null && env.length > 0) {
            return env;
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
