package io.influxupgrade.commands.verify;

/** Pings the connected server: its version and the round-trip latency. */
public final class PingCommand {

    /** The server's version and the latency of one {@code /ping}. */
    public record Ping(String url, String version, long latencyMs) {
    }

    public Ping run(InfluxQuery client) {
        Pong p = client.ping();
        return new Ping(client.url(), p.version(), p.latencyMs());
    }
}
