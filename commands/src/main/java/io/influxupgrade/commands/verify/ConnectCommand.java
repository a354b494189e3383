package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;

import java.util.Arrays;

/**
 * Opens a connection and proves it works: a ping (version, latency) and one authenticated read
 * ({@code SHOW DATABASES}), so a wrong password fails here, not in the middle of a baseline. The password
 * array is wiped before returning, whatever happens.
 */
public final class ConnectCommand {

    /** Opens an {@link InfluxQuery} for settings and a password (the adapter or a fake in tests). */
    @FunctionalInterface
    public interface Opener {
        InfluxQuery open(ConnectionSettings settings, char[] password);
    }

    /** The settings and the password, which never appears in toString. */
    public record Request(ConnectionSettings settings, char[] password) {
        @Override
        public String toString() {
            return "Request[settings=" + settings + ", password=" + (password == null ? "none" : "(hidden)") + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request r && r.settings.equals(settings) && Arrays.equals(r.password, password);
        }

        @Override
        public int hashCode() {
            return settings.hashCode();
        }
    }

    private final Opener opener;

    public ConnectCommand() {
        this(InfluxJavaClient::open);
    }

    public ConnectCommand(Opener opener) {
        this.opener = opener;
    }

    /**
     * The settings {@code connect} uses in a session: {@code url} null or blank means the session config's
     * {@code [http] bind-address}/{@code https-enabled}, else {@link ConnectionSettings#DEFAULT_URL}; {@code timeout}
     * from {@link #timeout(String)} (null: the default).
     */
    public static ConnectionSettings settings(io.influxupgrade.commands.session.Workspace ws, String url, String user,
                                              boolean insecure, java.time.Duration timeout) {
        return new ConnectionSettings(url == null || url.isBlank() ? defaultUrl(ws) : url, user, insecure, timeout);
    }

    /** The URL of the session's config ({@code [http] bind-address}, {@code https-enabled}), else the default. */
    private static String defaultUrl(io.influxupgrade.commands.session.Workspace ws) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.hasSession() ? ws.session() : null;
        if (s == null || s.getConfigFile() == null) {
            return ConnectionSettings.DEFAULT_URL;
        }
        io.influxupgrade.commands.config.ConfigFile f;
        try {
            f = io.influxupgrade.commands.config.ConfigFile.parse(java.nio.file.Path.of(s.getConfigFile()));
        } catch (io.influxupgrade.commands.UpgradeException e) {
            throw new io.influxupgrade.commands.UpgradeException(e.kind(), e.getMessage() + "; or pass --url", e);
        }
        String bind = null;
        boolean https = false;
        for (io.influxupgrade.commands.config.ConfigFile.Entry e : f.entries()) {
            if (e.section().equals("http") && e.index() == null) {
                if (e.key().equals("bind-address") && e.value() instanceof String v) {
                    bind = v;
                } else if (e.key().equals("https-enabled") && e.value() instanceof Boolean v) {
                    https = v;
                }
            }
        }
        return ConnectionSettings.defaultUrl(bind, https);
    }

    /** {@code --timeout}: a Go duration, positive; null or blank is none (the default). */
    public static java.time.Duration timeout(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        long nanos;
        try {
            nanos = io.influxupgrade.commands.codec.GoDuration.parseInflux(text);
        } catch (IllegalArgumentException e) {
            throw io.influxupgrade.commands.UpgradeException.usage("--timeout " + text + ": not a duration (e.g. 5s, 500ms, 1m)");
        }
        if (nanos <= 0) {
            throw io.influxupgrade.commands.UpgradeException.usage("--timeout " + text + ": must be positive (e.g. 5s)");
        }
        return java.time.Duration.ofNanos(nanos);
    }

    public Connection run(Request request) {
        ConnectionSettings s = request.settings();
        InfluxQuery client;
        try {
            client = opener.open(s, request.password());
        } finally {
            if (request.password() != null) {
                Arrays.fill(request.password(), '\0');
            }
        }
        try {
            Pong pong = client.ping();
            QueryResult r = client.query("SHOW DATABASES", null);
            QueryResult.Statement st = r.statements().isEmpty() ? null : r.statements().get(0);
            if (st != null && st.hasError()) {
                throw InfluxJavaClient.map(s, new org.influxdb.InfluxDBException(st.error()), "query");
            }
            return new Connection(s.url(), s.username(), pong.version(), pong.latencyMs(), client);
        } catch (RuntimeException e) {
            client.close();
            if (e instanceof UpgradeException) {
                throw e;
            }
            throw InfluxJavaClient.map(s, e, "connect");
        }
    }
}
