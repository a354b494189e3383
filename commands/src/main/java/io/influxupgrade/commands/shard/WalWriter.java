package io.influxupgrade.commands.shard;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a valid tsm1 WAL segment (format doc section 7) for tests and demos: write entries of float and integer
 * values and delete entries, each snappy-compressed with literals only.
 */
public final class WalWriter implements Closeable {

    private final DataOutputStream out;
    private ByteArrayOutputStream entry;
    private DataOutputStream entryOut;

    public WalWriter(OutputStream out) {
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(out));
    }

    /** Starts a write entry; add values, then {@link #endWrite()}. */
    public WalWriter beginWrite() {
        entry = new ByteArrayOutputStream();
        entryOut = new DataOutputStream(entry);
        return this;
    }

    public WalWriter floats(String key, long[] times, double[] values) throws IOException {
        return values(1, key, times, i -> entryOut.writeDouble(values[i]));
    }

    public WalWriter integers(String key, long[] times, long[] values) throws IOException {
        return values(2, key, times, i -> entryOut.writeLong(values[i]));
    }

    /** Writes the i-th value of a block after its time. */
    private interface ValueAt {
        void write(int i) throws IOException;
    }

    /** One block of values of one type for {@code key}: the header, then each time followed by its value. */
    private WalWriter values(int type, String key, long[] times, ValueAt value) throws IOException {
        header(type, key, times.length);
        for (int i = 0; i < times.length; i++) {
            entryOut.writeLong(times[i]);
            value.write(i);
        }
        return this;
    }

    private void header(int type, String key, int count) throws IOException {
        if (entryOut == null) {
            throw new IllegalStateException("beginWrite() first");
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        entryOut.writeByte(type);
        entryOut.writeShort(k.length);
        entryOut.write(k);
        entryOut.writeInt(count);
    }

    public void endWrite() throws IOException {
        entryOut.flush();
        writeEntry(1, entry.toByteArray());
        entry = null;
        entryOut = null;
    }

    public void deleteKeys(List<String> keys) throws IOException {
        writeEntry(2, String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
    }

    private void writeEntry(int type, byte[] payload) throws IOException {
        byte[] c = Snappy.encode(payload);
        out.writeByte(type);
        out.writeInt(c.length);
        out.write(c);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
