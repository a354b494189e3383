package io.influxupgrade.commands.shard;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * Sums over the listed shards; minTime/maxTime span all of them (null without TSM data). seriesKeys is the sum of
 * the per-shard counts: a series present in several shards counts once per shard.
 */
public record ShardTotals(int shards, int tsm1, int b1, int bz1, int unknown, long tsmFiles, long bytes,
                          @JsonInclude(JsonInclude.Include.ALWAYS) Instant minTime,
                          @JsonInclude(JsonInclude.Include.ALWAYS) Instant maxTime, long seriesKeys, long walSegments, long walBytes, long tempFiles) {

    public static ShardTotals of(List<ShardInfo> rows) {
        int tsm1 = 0, b1 = 0, bz1 = 0, unknown = 0;
        long files = 0, bytes = 0, series = 0, wal = 0, walBytes = 0, temp = 0;
        Instant min = null, max = null;
        for (ShardInfo s : rows) {
            switch (s.engine()) {
                case "tsm1" -> tsm1++;
                case "b1" -> b1++;
                case "bz1" -> bz1++;
                default -> unknown++;
            }
            files += s.tsmFiles();
            bytes += s.bytes();
            series += s.seriesKeys() == null ? 0 : s.seriesKeys();
            wal += s.walSegments();
            walBytes += s.walBytes();
            temp += s.tempFiles();
            if (s.minTime() != null && (min == null || s.minTime().isBefore(min))) {
                min = s.minTime();
            }
            if (s.maxTime() != null && (max == null || s.maxTime().isAfter(max))) {
                max = s.maxTime();
            }
        }
        return new ShardTotals(rows.size(), tsm1, b1, bz1, unknown, files, bytes, min, max, series, wal, walBytes, temp);
    }
}
