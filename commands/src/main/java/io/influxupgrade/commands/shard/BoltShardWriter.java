package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.bolt.BoltWriter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes b1 and bz1 shard files (BoltDB, bucket layout of format doc section 5.5) for tests and demos. The bucket
 * structure and meta/format are what engine detection and influx_tsm look at; point values are placeholders, not
 * the engines' real value encodings.
 */
public final class BoltShardWriter {

    private BoltShardWriter() {
    }

    /**
     * A b1 shard: buckets {@code series}, {@code fields}, {@code wal} (one sub-bucket per partition), {@code meta}
     * (with {@code format=b1} unless {@code veryOld}, where there is no meta bucket at all), and one top-level bucket
     * per series key with {@code points} timestamps as keys.
     */
    public static void writeB1(Path file, List<String> seriesKeys, int points, boolean veryOld) {
        BoltWriter w = new BoltWriter(4096);
        BoltWriter.Node root = w.root();
        BoltWriter.Node series = root.bucket("series");
        root.bucket("fields").put("cpu", bytes("{\"fields\":{\"value\":{\"id\":1,\"type\":1}}}"));
        BoltWriter.Node wal = root.bucket("wal");
        for (int p = 0; p < 8; p++) {
            wal.bucket(new byte[] {(byte) p});
        }
        if (!veryOld) {
            root.bucket("meta").put("format", bytes("b1"));
        }
        for (String key : seriesKeys) {
            series.put(key, bytes("{}"));
            BoltWriter.Node points_ = root.bucket(key);
            for (int i = 0; i < points; i++) {
                points_.put(timestamp(i), new byte[] {1, 0, 0, 0, 0, 0, 0, 0, (byte) i});
            }
        }
        w.writeTo(file);
    }

    /** A bz1 shard: {@code points} with one sub-bucket per series key, and {@code meta} with format, fields and series. */
    public static void writeBz1(Path file, List<String> seriesKeys, int points) {
        BoltWriter w = new BoltWriter(4096);
        BoltWriter.Node root = w.root();
        BoltWriter.Node meta = root.bucket("meta");
        meta.put("format", bytes("bz1"));
        meta.put("fields", Snappy.encode(bytes("{\"cpu\":{\"Fields\":{\"value\":{\"ID\":1,\"Type\":1}}}}")));
        meta.put("series", Snappy.encode(bytes(String.join("\n", seriesKeys))));
        BoltWriter.Node pts = root.bucket("points");
        for (String key : seriesKeys) {
            BoltWriter.Node b = pts.bucket(key);
            for (int i = 0; i < points; i += 100) {
                b.put(timestamp(i), Snappy.encode(new byte[16]));
            }
        }
        w.writeTo(file);
    }

    /** A BoltDB file with a meta bucket whose format is neither b1 nor bz1. */
    public static void writeOtherFormat(Path file, String format) {
        BoltWriter w = new BoltWriter(4096);
        w.root().bucket("meta").put("format", bytes(format));
        w.writeTo(file);
    }

    private static byte[] timestamp(long i) {
        return ByteBuffer.allocate(8).putLong(1_400_000_000_000_000_000L + i * 1_000_000_000L).array();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
