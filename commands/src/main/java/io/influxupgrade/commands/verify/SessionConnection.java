package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The session's server connection: {@code connect} opens it and remembers its settings in the session (never the
 * password); every command that talks to the server gets the held one, or reconnects from those settings. The
 * password is asked for each time it is needed, from the caller's {@link PasswordSource}.
 */
public final class SessionConnection {

    /** Where a password comes from ({@code file} null: none given): a file, INFLUX_PASSWORD or a prompt; null when none. */
    @FunctionalInterface
    public interface PasswordSource {
        char[] read(String user, Path file);
    }

    /** {@code connect}'s result: the connection, and whether a session remembers it. */
    public record Connected(Connection connection, boolean remembered) {
    }

    static final String NOT_CONNECTED = "not connected (run 'connect')";

    private final Workspace ws;
    private final LiveConnection live;
    private final PasswordSource passwords;

    public SessionConnection(Workspace ws, LiveConnection live, PasswordSource passwords) {
        this.ws = ws;
        this.live = live;
        this.passwords = passwords;
    }

    /** Opens {@code settings} (password from {@code passwordFile} or the source), holds it and records it in the open session. */
    public Connected connect(ConnectionSettings settings, Path passwordFile, Consumer<String> warn) {
        if (settings.insecureSkipVerify() && !settings.https()) {
            warn.accept("--insecure-skip-verify has no effect on " + settings.url() + " (not https)");
        }
        Path file = passwordFile == null ? null : passwordFile.toAbsolutePath();
        if (file != null) {
            warnIfShared(file, warn);
        }
        char[] pw = passwords.read(settings.username(), file);
        requirePassword(settings, pw, "connect");
        Connection c = new ConnectCommand().run(new ConnectCommand.Request(settings, pw));
        UpgradeSession.ConnectionInfo info = new UpgradeSession.ConnectionInfo(settings.url(), settings.username(),
                file == null ? null : file.toString(), settings.insecureSkipVerify(), settings.timeout().toMillis());
        String sessionName = null;
        if (ws.hasSession()) {
            ws.session().setConnection(info);
            sessionName = ws.session().getName();
        }
        live.hold(sessionName, info, c);
        return new Connected(c, sessionName != null);
    }

    /** The live client for the open session's connection: the held one, or a new one from the session's settings. */
    public InfluxQuery client() {
        UpgradeSession s = ws.hasSession() ? ws.session() : null;
        String sessionName = s == null ? null : s.getName();
        UpgradeSession.ConnectionInfo info = s == null ? null : s.getConnection();
        Connection held = live.get(sessionName, info);
        if (held != null) {
            return held.client();
        }
        if (info == null) {
            throw UpgradeException.notReady(NOT_CONNECTED);
        }
        ConnectionSettings settings = new ConnectionSettings(info.url(), info.username(), info.insecureSkipVerify(),
                info.timeoutMillis() > 0 ? Duration.ofMillis(info.timeoutMillis()) : null);
        char[] pw = passwords.read(info.username(), info.passwordFile() == null ? null : Path.of(info.passwordFile()));
        requirePassword(settings, pw, "reconnect");
        Connection c = new ConnectCommand().run(new ConnectCommand.Request(settings, pw));
        live.hold(sessionName, info, c);
        return c.client();
    }

    private static void requirePassword(ConnectionSettings settings, char[] pw, String what) {
        if (settings.username() != null && pw == null) {
            throw UpgradeException.notReady(what + " to " + settings.url() + " as " + settings.username()
                    + ": no password (set INFLUX_PASSWORD, pass --password-file FILE to 'connect', or connect in the interactive shell to be prompted)");
        }
    }

    private static void warnIfShared(Path file, Consumer<String> warn) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                warn.accept("password file " + file + " is readable by other users (chmod 600 " + file + ")");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // reading it will report a missing file
        }
    }
}
