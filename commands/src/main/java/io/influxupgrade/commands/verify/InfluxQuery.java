package io.influxupgrade.commands.verify;

/**
 * The port through which verification talks to InfluxDB: one HTTP query (possibly several statements
 * separated by {@code ;}) and a ping. Implementations map every transport failure to a one-line
 * {@link io.influxupgrade.commands.UpgradeException}; a statement error comes back in
 * {@link QueryResult.Statement#error()}, not as an exception. Tests use a fake.
 */
public interface InfluxQuery extends AutoCloseable {

    /** Runs {@code influxql} (read-only statements only) against {@code db} (may be null). */
    QueryResult query(String influxql, String db);

    /** Pings the server: its version and the round-trip time. */
    Pong ping();

    /** The server's URL, for messages. */
    String url();

    @Override
    void close();
}
