package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.bolt.BoltBucket;
import io.influxupgrade.commands.bolt.BoltFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many points each series of a b1 or bz1 shard (0.9 – 0.10, one BoltDB file) holds, so that the points before an
 * {@code influx_tsm} conversion can be compared with the TSM files after it ({@link TsmPoints}; a b1/bz1 point carries
 * all its fields, so each of its fields is one TSM value).
 * <ul>
 *   <li>b1: one top-level bucket per series key (named in the {@code series} bucket), one entry per timestamp;</li>
 *   <li>bz1: one sub-bucket of {@code points} per series key; each entry is a block: 8-byte max time, then a snappy
 *   block of entries {8-byte time, 4-byte length, data}.</li>
 * </ul>
 * Points still in a b1 file's own {@code wal} bucket or in a bz1 WAL dir are not counted (influx_tsm does not read them
 * either: 0.10 flushes them when it shuts down cleanly).
 */
public final class BoltShardPoints {

    private static final int ENTRY_HEADER = 12;
    /** A bz1 block never decodes to more than this (they are written at about 64 KiB). */
    private static final int MAX_BLOCK = 64 << 20;

    private BoltShardPoints() {
    }

    /**
     * Points per series key of one b1 or bz1 shard file.
     *
     * @throws UpgradeException FAILED naming the file, for anything that is not a readable b1 or bz1 shard
     */
    public static SortedMap<String, Long> count(Path file) {
        ShardFileProbe.Result probe = BoltShardProbe.probe(file);
        SortedMap<String, Long> out = new TreeMap<>();
        try (BoltFile bolt = BoltFile.open(file)) {
            BoltBucket root = bolt.root();
            switch (probe.engine()) {
                case "b1" -> {
                    BoltBucket series = root.bucket("series");
                    if (series != null) {
                        for (byte[] key : series.keys()) {
                            BoltBucket points = root.bucket(key);
                            out.put(new String(key, StandardCharsets.UTF_8), points == null ? 0L : points.count());
                        }
                    }
                }
                case "bz1" -> {
                    BoltBucket points = root.bucket("points");
                    if (points != null) {
                        points.forEachBucket((key, b) -> out.put(new String(key, StandardCharsets.UTF_8), bz1Points(file, b)));
                    }
                }
                default -> throw UpgradeException.failed(file + ": not a b1 or bz1 shard: " + probe.reason());
            }
        } catch (RuntimeException e) {
            if (e instanceof UpgradeException u) {
                throw u;
            }
            throw UpgradeException.failed(file + ": cannot count its points: " + e, e);
        }
        return out;
    }

    private static long bz1Points(Path file, BoltBucket series) {
        long[] n = {0};
        series.forEach((k, v) -> {
            if (v == null || v.length < 8) {
                throw UpgradeException.failed(file + ": a bz1 block of series " + series.path() + " is shorter than its 8-byte header");
            }
            byte[] block;
            try {
                block = Snappy.decode(v, 8, v.length - 8, MAX_BLOCK);
            } catch (Snappy.CorruptException e) {
                throw UpgradeException.failed(file + ": a bz1 block of series " + series.path() + " does not decompress: " + e.getMessage());
            }
            int off = 0;
            while (off < block.length) {
                if (off + ENTRY_HEADER > block.length) {
                    throw UpgradeException.failed(file + ": a bz1 block of series " + series.path() + " ends inside an entry header");
                }
                long len = Integer.toUnsignedLong((block[off + 8] & 0xFF) << 24 | (block[off + 9] & 0xFF) << 16
                        | (block[off + 10] & 0xFF) << 8 | block[off + 11] & 0xFF);
                if (off + ENTRY_HEADER + len > block.length) {
                    throw UpgradeException.failed(file + ": a bz1 block of series " + series.path() + " has an entry past its end");
                }
                off += ENTRY_HEADER + (int) len;
                n[0]++;
            }
        });
        return n[0];
    }
}
