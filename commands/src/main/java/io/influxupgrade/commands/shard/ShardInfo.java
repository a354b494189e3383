package io.influxupgrade.commands.shard;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One row of {@code shard list}: where the shard is, its engine ({@code tsm1}, {@code b1}, {@code bz1} or
 * {@code unknown}, the reason is a finding), its index, TSM file count and bytes (the file size for b1/bz1), the time
 * range (null when there is no TSM data) and distinct series keys read from the TSM indexes (series keys are null
 * when the indexes were not read, or for an unknown engine), unflushed WAL, compaction
 * leftovers and the owner ({@code name:group (uid:gid)}).
 */
public record ShardInfo(long id, String db, String rp, String engine, @JsonInclude(JsonInclude.Include.ALWAYS) IndexInfo index,
                        int tsmFiles, long bytes, @JsonInclude(JsonInclude.Include.ALWAYS) Instant minTime,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Instant maxTime,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Long seriesKeys, int walSegments, long walBytes,
                        int tempFiles, String owner) {
}
