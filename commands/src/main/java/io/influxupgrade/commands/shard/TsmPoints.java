package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.UpgradeException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many points each key of a TSM file holds: the index gives every block of a key, and each block's timestamp
 * section says how many timestamps it packs (raw: 8 bytes each; RLE: the run count; simple8b: the first timestamp plus
 * what each 64-bit word's selector packs). No value is decoded, so this is cheap enough to count a whole shard and
 * prove that the points written are the points on disk (after {@code influx_tsm}, a restore or a copy).
 */
public final class TsmPoints {

    private static final int[] SIMPLE8B_COUNT = {240, 120, 60, 30, 20, 15, 12, 10, 8, 7, 6, 5, 4, 3, 2, 1};
    private static final int RAW = 0;
    private static final int SIMPLE8B = 1;
    private static final int RLE = 2;

    private TsmPoints() {
    }

    /**
     * Points per TSM key ({@code series key#!~#field}) of one file, in key order.
     *
     * @throws UpgradeException FAILED naming the file and what is wrong, for anything that is not a readable TSM file
     */
    public static SortedMap<String, Long> count(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size < TsmReader.HEADER + TsmReader.FOOTER) {
                throw corrupt(file, "only " + size + " bytes");
            }
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            if (b.getInt(0) != TsmReader.MAGIC || b.get(4) != TsmReader.VERSION) {
                throw corrupt(file, "no TSM header (magic 16D116D1, version 1)");
            }
            long indexStart = b.getLong((int) (size - TsmReader.FOOTER));
            if (indexStart < TsmReader.HEADER || indexStart > size - TsmReader.FOOTER) {
                throw corrupt(file, "the footer points the index at " + indexStart + ", outside the file");
            }
            SortedMap<String, Long> points = new TreeMap<>();
            int pos = (int) indexStart;
            int end = (int) (size - TsmReader.FOOTER);
            while (pos < end) {
                need(file, pos + 2 <= end, pos, "key length");
                int keyLen = Short.toUnsignedInt(b.getShort(pos));
                pos += 2;
                need(file, pos + keyLen + 3 <= end, pos, "key");
                byte[] key = new byte[keyLen];
                b.get(pos, key);
                pos += keyLen + 1;
                int entries = Short.toUnsignedInt(b.getShort(pos));
                pos += 2;
                need(file, pos + (long) entries * TsmReader.ENTRY <= end, pos, "index entries");
                long total = 0;
                for (int i = 0; i < entries; i++, pos += TsmReader.ENTRY) {
                    long offset = b.getLong(pos + 16);
                    int blockSize = b.getInt(pos + 24);
                    need(file, offset >= TsmReader.HEADER && blockSize > 5 && offset + blockSize <= indexStart, pos,
                            "a block at " + offset + " of " + blockSize + " bytes");
                    total += timestamps(file, b, (int) offset + 4, blockSize - 4);
                }
                points.merge(new String(key, StandardCharsets.UTF_8), total, Long::sum);
            }
            return points;
        } catch (IOException e) {
            throw UpgradeException.failed(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Points of every TSM file of a shard directory, summed per key. */
    public static SortedMap<String, Long> countShard(Iterable<Path> tsmFiles) {
        SortedMap<String, Long> all = new TreeMap<>();
        for (Path f : tsmFiles) {
            count(f).forEach((k, v) -> all.merge(k, v, Long::sum));
        }
        return all;
    }

    /** Timestamps in one block's data (after its CRC): type byte, uvarint length of the timestamp section, the section. */
    private static long timestamps(Path file, ByteBuffer b, int start, int len) {
        int end = start + len;
        int pos = start + 1;
        long tsLen = 0;
        int shift = 0;
        while (true) {
            need(file, pos < end && shift < 64, pos, "the timestamp section length");
            int x = b.get(pos++) & 0xFF;
            tsLen |= (long) (x & 0x7F) << shift;
            if (x < 0x80) {
                break;
            }
            shift += 7;
        }
        need(file, tsLen >= 1 && pos + tsLen <= end, pos, "a timestamp section of " + tsLen + " bytes");
        int ts = pos;
        int encoding = (b.get(ts) & 0xFF) >>> 4;
        switch (encoding) {
            case RAW -> {
                need(file, (tsLen - 1) % 8 == 0, ts, "raw timestamps of " + (tsLen - 1) + " bytes");
                return (tsLen - 1) / 8;
            }
            case RLE -> {
                int p = ts + 9;
                need(file, p <= ts + tsLen, ts, "an RLE timestamp section");
                p = skipUvarint(file, b, p, (int) (ts + tsLen));
                return uvarint(file, b, p, (int) (ts + tsLen));
            }
            case SIMPLE8B -> {
                long words = tsLen - 9;
                need(file, words >= 0 && words % 8 == 0, ts, "simple8b timestamps of " + words + " bytes");
                long n = 1;
                for (int p = ts + 9; p < ts + tsLen; p += 8) {
                    n += SIMPLE8B_COUNT[(b.get(p) & 0xFF) >>> 4];
                }
                return n;
            }
            default -> throw corrupt(file, "unknown timestamp encoding " + encoding + " at offset " + ts);
        }
    }

    private static int skipUvarint(Path file, ByteBuffer b, int p, int end) {
        for (int i = 0; i < 10; i++) {
            need(file, p < end, p, "a uvarint");
            if ((b.get(p++) & 0x80) == 0) {
                return p;
            }
        }
        throw corrupt(file, "a uvarint longer than 10 bytes at offset " + p);
    }

    private static long uvarint(Path file, ByteBuffer b, int p, int end) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(file, p < end, p, "a uvarint");
            int x = b.get(p++) & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if (x < 0x80) {
                return v;
            }
        }
        throw corrupt(file, "a uvarint longer than 10 bytes at offset " + p);
    }

    private static void need(Path file, boolean ok, long offset, String what) {
        if (!ok) {
            throw corrupt(file, what + " runs past its bounds at offset " + offset);
        }
    }

    private static UpgradeException corrupt(Path file, String why) {
        return UpgradeException.failed(file + ": not a readable TSM file: " + why);
    }
}
