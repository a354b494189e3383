package io.influxupgrade.commands.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An open, checked connection: where, as whom, the server's version and the ping latency. The live client
 * rides along for the session but is never serialised; there is no password here.
 */
public record Connection(String url, String user, String serverVersion, long latencyMs, @JsonIgnore InfluxQuery client)
        implements AutoCloseable {

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "Connection[url=" + url + ", user=" + user + ", serverVersion=" + serverVersion + ", latencyMs=" + latencyMs + "]";
    }
}
