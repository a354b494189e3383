package io.influxupgrade.commands.shard;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Writes valid TSM1 files (format doc section 6) for tests, demos and benchmarks: float blocks in Gorilla encoding
 * (always opening a new bit window, which every reader accepts), integer blocks and timestamps uncompressed, correct
 * CRCs, a sorted index and the 8-byte footer. Keys must be written in ascending byte order, each key's points in one
 * call; blocks hold at most 1000 points as influxd writes them.
 */
public final class TsmWriter implements Closeable {

    public static final int MAX_POINTS_PER_BLOCK = 1000;

    private final DataOutputStream out;
    private final ByteArrayOutputStream index = new ByteArrayOutputStream();
    private final DataOutputStream indexOut = new DataOutputStream(index);
    private final CRC32 crc = new CRC32();
    private long offset;
    private byte[] lastKey;
    private byte[] currentKey;
    private int currentType;
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private final DataOutputStream entriesOut = new DataOutputStream(entries);
    private int entryCount;
    private boolean closed;

    public TsmWriter(OutputStream out) throws IOException {
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        this.out.writeInt(TsmReader.MAGIC);
        this.out.writeByte(TsmReader.VERSION);
        offset = TsmReader.HEADER;
    }

    /** The TSM key of a field: series key, {@code #!~#}, field name. */
    public static String key(String seriesKey, String field) {
        return seriesKey + "#!~#" + field;
    }

    public void writeFloats(String key, long[] times, double[] values) throws IOException {
        forEachBlock(key, 0, times, (from, to) -> floatBlock(times, values, from, to));
    }

    public void writeIntegers(String key, long[] times, long[] values) throws IOException {
        forEachBlock(key, 1, times, (from, to) -> integerBlock(times, values, from, to));
    }

    /** Appends a block whose data (type byte first) the caller built; the CRC and index entry are added here. */
    public void writeBlock(byte[] key, int type, long minTime, long maxTime, byte[] data, int len) throws IOException {
        startKey(key, type);
        crc.reset();
        crc.update(data, 0, len);
        out.writeInt((int) crc.getValue());
        out.write(data, 0, len);
        entriesOut.writeLong(minTime);
        entriesOut.writeLong(maxTime);
        entriesOut.writeLong(offset);
        entriesOut.writeInt(len + 4);
        entryCount++;
        offset += len + 4;
    }

    private interface BlockEncoder {
        byte[] encode(int from, int to) throws IOException;
    }

    private void forEachBlock(String key, int type, long[] times, BlockEncoder enc) throws IOException {
        if (times.length == 0) {
            throw new IllegalArgumentException("no points for " + key);
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        for (int from = 0; from < times.length; from += MAX_POINTS_PER_BLOCK) {
            int to = Math.min(times.length, from + MAX_POINTS_PER_BLOCK);
            byte[] data = enc.encode(from, to);
            writeBlock(k, type, times[from], times[to - 1], data, data.length);
        }
    }

    private void startKey(byte[] key, int type) throws IOException {
        if (currentKey != null && Arrays.equals(currentKey, key)) {
            if (type != currentType) {
                throw new IllegalArgumentException("key " + new String(key, StandardCharsets.UTF_8) + " changes type");
            }
            return;
        }
        if (lastKey != null && Arrays.compareUnsigned(lastKey, key) >= 0 || currentKey != null && Arrays.compareUnsigned(currentKey, key) >= 0) {
            throw new IllegalArgumentException("keys must be written in ascending order: " + new String(key, StandardCharsets.UTF_8));
        }
        finishKey();
        currentKey = key;
        currentType = type;
    }

    private void finishKey() throws IOException {
        if (currentKey == null) {
            return;
        }
        indexOut.writeShort(currentKey.length);
        indexOut.write(currentKey);
        indexOut.writeByte(currentType);
        indexOut.writeShort(entryCount);
        entries.writeTo(indexOut);
        entries.reset();
        entryCount = 0;
        lastKey = currentKey;
        currentKey = null;
    }

    /** A block's type byte and its timestamps (raw encoding, length-prefixed); the values' encoding follows. */
    private static ByteArrayOutputStream blockStart(int type, long[] times, int from, int to) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        byte[] ts = rawTimes(times, from, to);
        writeUvarint(b, ts.length);
        b.write(ts);
        return b;
    }

    private static byte[] floatBlock(long[] times, double[] values, int from, int to) throws IOException {
        ByteArrayOutputStream b = blockStart(0, times, from, to);
        BitWriter bits = new BitWriter(b);
        b.write(1 << 4);
        long prev = Double.doubleToRawLongBits(values[from]);
        bits.write(prev, 64);
        for (int i = from + 1; i <= to; i++) {
            long cur = i < to ? Double.doubleToRawLongBits(values[i]) : 0x7FF8000000000001L;
            long xor = cur ^ prev;
            if (xor == 0) {
                bits.write(0, 1);
            } else {
                int leading = Math.min(31, Long.numberOfLeadingZeros(xor));
                int trailing = Long.numberOfTrailingZeros(xor);
                int sig = 64 - leading - trailing;
                bits.write(0b11, 2);
                bits.write(leading, 5);
                bits.write(sig & 63, 6);
                bits.write(xor >>> trailing, sig);
            }
            prev = cur;
        }
        bits.flush();
        return b.toByteArray();
    }

    private static byte[] integerBlock(long[] times, long[] values, int from, int to) throws IOException {
        ByteArrayOutputStream b = blockStart(1, times, from, to);
        DataOutputStream d = new DataOutputStream(b);
        d.writeByte(0);
        long prev = 0;
        for (int i = from; i < to; i++) {
            long delta = values[i] - prev;
            d.writeLong((delta << 1) ^ (delta >> 63));
            prev = values[i];
        }
        return b.toByteArray();
    }

    /** Encoding 0: the first timestamp, then deltas, each as a big-endian u64. */
    private static byte[] rawTimes(long[] times, int from, int to) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(1 + 8 * (to - from));
        DataOutputStream d = new DataOutputStream(b);
        d.writeByte(0);
        long prev = 0;
        for (int i = from; i < to; i++) {
            if (i > from && times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("timestamps must be ascending");
            }
            d.writeLong(times[i] - prev);
            prev = times[i];
        }
        return b.toByteArray();
    }

    static void writeUvarint(OutputStream o, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        finishKey();
        long indexStart = offset;
        index.writeTo(out);
        out.writeLong(indexStart);
        out.close();
    }

    /** MSB-first bit packing, as the Gorilla stream expects. */
    private static final class BitWriter {
        private final OutputStream out;
        private int cur;
        private int n;

        BitWriter(OutputStream out) {
            this.out = out;
        }

        void write(long v, int count) throws IOException {
            for (int i = count - 1; i >= 0; i--) {
                cur = (cur << 1) | (int) ((v >>> i) & 1);
                if (++n == 8) {
                    out.write(cur);
                    cur = 0;
                    n = 0;
                }
            }
        }

        void flush() throws IOException {
            if (n > 0) {
                out.write(cur << (8 - n));
                cur = 0;
                n = 0;
            }
        }
    }
}
