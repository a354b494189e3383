package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The result of {@code shard list}: one row per shard, totals, and every finding about the tree. */
public record ShardReport(List<ShardInfo> shards, ShardTotals totals, List<Finding> findings) {

    public static final List<String> HEADERS = List.of("id", "db", "rp", "engine", "index", "tsm files", "bytes", "min time",
            "max time", "series", "wal segments", "wal bytes", "temp files", "owner");

    /** Table rows for text output, in {@link #HEADERS} order. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (ShardInfo s : shards) {
            rows.add(List.of(String.valueOf(s.id()), s.db(), s.rp(), s.engine(), s.index() == null ? "-" : s.index().toString(),
                    String.valueOf(s.tsmFiles()), String.valueOf(s.bytes()), time(s.minTime()), time(s.maxTime()),
                    s.seriesKeys() == null ? "-" : String.valueOf(s.seriesKeys()), String.valueOf(s.walSegments()), String.valueOf(s.walBytes()),
                    String.valueOf(s.tempFiles()), s.owner()));
        }
        return rows;
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.toString();
    }
}
