package io.influxupgrade.commands.shard;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.testing.InfluxdServer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helper: fills a real influxd and asks it what our readers must find on disk. */
final class RealServer {

    static final Instant START = Instant.parse("2020-01-01T00:00:00Z");

    /** A shard as SHOW SHARDS reports it. */
    record ServerShard(long id, String db, String rp, Instant start, Instant end) {
    }

    private RealServer() {
    }

    /** cpu (5 hosts, float value + integer n) hourly over 10 days, mem (2 hosts, float free) hourly over 3 days. */
    static void fill(InfluxdServer server, String db) {
        server.query("CREATE DATABASE " + InfluxdServer.ident(db));
        StringBuilder sb = new StringBuilder();
        for (int h = 0; h < 240; h++) {
            long t = START.plusSeconds(h * 3600L).getEpochSecond() * 1_000_000_000L + 7;
            for (int host = 0; host < 5; host++) {
                sb.append("cpu,host=h").append(host).append(",dc=eu value=").append(h * 0.25 + host).append(",n=").append(h * 10 + host)
                        .append("i ").append(t).append('\n');
            }
            if (h < 72) {
                for (int host = 0; host < 2; host++) {
                    sb.append("mem,host=m").append(host).append(" free=").append(1.5 * h).append(' ').append(t + 1000).append('\n');
                }
            }
        }
        server.write(db, "autogen", sb.toString());
    }

    /** Makes influxd write its cache to TSM: a backup snapshots every shard of the db first. */
    static void flush(InfluxdServer server, String db, java.nio.file.Path scratch) {
        InfluxdServer.ProcessResult r = server.influxd("backup", "-database", db, "-host", server.bindAddress(), scratch.toString());
        if (r.exitCode() != 0) {
            throw new IllegalStateException("backup failed: " + r.output());
        }
    }

    static List<ServerShard> shards(InfluxdServer server, String db) throws Exception {
        JsonNode series = Json.mapper().readTree(server.query("SHOW SHARDS")).path("results").path(0).path("series");
        List<ServerShard> out = new ArrayList<>();
        for (JsonNode s : series) {
            if (!s.path("name").asText().equals(db)) {
                continue;
            }
            List<String> cols = new ArrayList<>();
            s.path("columns").forEach(c -> cols.add(c.asText()));
            for (JsonNode v : s.path("values")) {
                out.add(new ServerShard(v.get(cols.indexOf("id")).asLong(), v.get(cols.indexOf("database")).asText(),
                        v.get(cols.indexOf("retention_policy")).asText(), Instant.parse(v.get(cols.indexOf("start_time")).asText()),
                        Instant.parse(v.get(cols.indexOf("end_time")).asText())));
            }
        }
        return out;
    }

    static String range(ServerShard s) {
        return " WHERE time >= '" + s.start() + "' AND time < '" + s.end() + "'";
    }

    /** Distinct series with data in the shard's time range, as the server counts them. */
    static int seriesIn(InfluxdServer server, ServerShard s) throws Exception {
        JsonNode r = Json.mapper().readTree(server.query("SELECT count(*) FROM /.*/" + range(s) + " GROUP BY *", s.db()));
        return r.path("results").path(0).path("series").size();
    }

    /** Time of the first (or last) point of a field in the shard's range, or null. */
    static Instant edge(InfluxdServer server, ServerShard s, String measurement, String field, boolean first) throws Exception {
        JsonNode r = Json.mapper().readTree(server.query("SELECT " + (first ? "first" : "last") + "(" + field + ") FROM " + measurement
                + range(s), s.db()));
        JsonNode v = r.path("results").path(0).path("series").path(0).path("values").path(0);
        return v.isMissingNode() ? null : Instant.parse(v.get(0).asText());
    }

    /** Total number of values in the db: the sum of COUNT(*) over all fields. */
    static long values(InfluxdServer server, String db) throws Exception {
        JsonNode r = Json.mapper().readTree(server.query("SELECT count(*) FROM /.*/", db));
        long n = 0;
        for (JsonNode s : r.path("results").path(0).path("series")) {
            JsonNode row = s.path("values").path(0);
            for (int i = 1; i < row.size(); i++) {
                n += row.get(i).asLong();
            }
        }
        return n;
    }

    static int showSeries(InfluxdServer server, String db) throws Exception {
        JsonNode r = Json.mapper().readTree(server.query("SHOW SERIES", db));
        return r.path("results").path(0).path("series").path(0).path("values").size();
    }
}
