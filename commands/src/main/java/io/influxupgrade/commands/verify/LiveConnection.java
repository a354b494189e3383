package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.session.UpgradeSession;

/**
 * The one live server connection of this shell process, so the REPL does not reconnect (or prompt for
 * the password) for every query. It remembers for which session and connection settings it was opened;
 * anything else makes the caller reconnect. Holds no password. Closed when the shell exits.
 */
public final class LiveConnection implements AutoCloseable {

    private Connection connection;
    private UpgradeSession.ConnectionInfo info;
    private String session;

    /** The held connection when it was opened for this session (null: none) and these settings, else null. */
    public synchronized Connection get(String sessionName, UpgradeSession.ConnectionInfo expected) {
        if (connection == null || !java.util.Objects.equals(session, sessionName)) {
            return null;
        }
        if (expected != null && !expected.equals(info)) {
            return null;
        }
        return connection;
    }

    /** Replaces the held connection (closing the previous one). */
    public synchronized void hold(String sessionName, UpgradeSession.ConnectionInfo settings, Connection c) {
        Connection old = connection;
        connection = c;
        info = settings;
        session = sessionName;
        if (old != null && old != c) {
            old.close();
        }
    }

    /** Forgets and closes the held connection. */
    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        connection = null;
        info = null;
        session = null;
    }
}
