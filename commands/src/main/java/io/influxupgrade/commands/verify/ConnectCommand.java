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
