package io.influxupgrade.commands.verify;

/** The answer to {@code /ping}: the server's version header (e.g. {@code 1.6.7~rc0}) and the round trip. */
public record Pong(String version, long latencyMs) {
}
