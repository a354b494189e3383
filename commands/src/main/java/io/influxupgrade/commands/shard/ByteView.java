package io.influxupgrade.commands.shard;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * Big-endian random access to a byte range of a file, backed by a byte array (a small file read whole: plain array
 * reads are the cheapest there are, also before the JIT's best compiler has run), one buffer (read or mapped) or
 * several mapped windows for files over 1 GiB. Callers check every position against {@link #start()} and {@link #end()} first;
 * nothing here allocates per read. {@link #close()} unmaps at once instead of waiting for the garbage collector,
 * so that scanning 100,000 files never hits the kernel's map-count limit.
 */
final class ByteView implements AutoCloseable {

    private static final int DEFAULT_SHIFT = 30;
    /** Windows overlap so that a primitive read at any position inside a window fits in it. */
    private static final long OVERLAP = 64 * 1024;

    private final int shift;
    private final long window;
    private final ByteBuffer[] windows;
    private final long start;
    private final long end;
    private final boolean mapped;
    /** One duplicate per window for CRC slices, made on the first {@link #crc} so that later calls allocate nothing. */
    private ByteBuffer[] scratch;
    /** The only window when there is one (every small file, every index under 1 GiB): its index is {@code pos - start}. */
    private final ByteBuffer only;
    /** The bytes, when the view is backed by an array: index {@code pos - start}. */
    private final byte[] array;

    private ByteView(ByteBuffer[] windows, long start, long end, boolean mapped, int shift) {
        this.shift = shift;
        this.window = 1L << shift;
        this.windows = windows;
        this.start = start;
        this.end = end;
        this.mapped = mapped;
        this.only = windows.length == 1 ? windows[0] : null;
        this.array = null;
    }

    private ByteView(byte[] array, int length, long start) {
        this.shift = DEFAULT_SHIFT;
        this.window = 1L << DEFAULT_SHIFT;
        this.windows = null;
        this.start = start;
        this.end = start + length;
        this.mapped = false;
        this.only = null;
        this.array = array;
    }

    /** A view of {@code array[0..length)} as file positions {@code start..start+length}; the array is not copied. */
    static ByteView of(byte[] array, int length, long start) {
        return new ByteView(array, length, start);
    }

    /** A view of {@code buf}'s bytes 0..limit as file positions {@code start..start+limit}. */
    static ByteView of(ByteBuffer buf, long start) {
        // Reads are absolute, so a big-endian buffer at position 0 serves as it is (the inventory's per-file case).
        ByteBuffer b = buf.position() == 0 && buf.order() == ByteOrder.BIG_ENDIAN ? buf : buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        b.position(0);
        return new ByteView(new ByteBuffer[] {b}, start, start + b.limit(), false, DEFAULT_SHIFT);
    }

    /** Maps {@code [start, end)} of the channel read-only. */
    static ByteView map(FileChannel ch, long start, long end) throws IOException {
        return map(ch, start, end, DEFAULT_SHIFT);
    }

    /** {@link #map(FileChannel, long, long)} with windows of {@code 1 << shift} bytes (tests use small ones). */
    static ByteView map(FileChannel ch, long start, long end, int shift) throws IOException {
        long window = 1L << shift;
        long len = end - start;
        int n = (int) Math.max(1, (len + window - 1) >>> shift);
        ByteBuffer[] w = new ByteBuffer[n];
        try {
            for (int i = 0; i < n; i++) {
                long off = start + ((long) i << shift);
                long size = Math.min(end - off, window + OVERLAP);
                w[i] = ch.map(FileChannel.MapMode.READ_ONLY, off, size).order(ByteOrder.BIG_ENDIAN);
            }
        } catch (IOException | RuntimeException e) {
            for (ByteBuffer b : w) {
                unmap(b);
            }
            throw e;
        }
        return new ByteView(w, start, end, true, shift);
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    private ByteBuffer window(long pos) {
        return windows[(int) ((pos - start) >>> shift)];
    }

    private int local(long pos) {
        return (int) ((pos - start) & (window - 1));
    }

    int u8(long pos) {
        if (array != null) {
            return array[(int) (pos - start)] & 0xFF;
        }
        return window(pos).get(local(pos)) & 0xFF;
    }

    int u16(long pos) {
        if (array != null) {
            int i = (int) (pos - start);
            return (array[i] & 0xFF) << 8 | array[i + 1] & 0xFF;
        }
        return window(pos).getShort(local(pos)) & 0xFFFF;
    }

    long u32(long pos) {
        if (array != null) {
            return int32(array, (int) (pos - start)) & 0xFFFFFFFFL;
        }
        return window(pos).getInt(local(pos)) & 0xFFFFFFFFL;
    }

    long i64(long pos) {
        if (array != null) {
            return int64(array, (int) (pos - start));
        }
        return window(pos).getLong(local(pos));
    }

    /** Whether the bytes are in one array or one buffer, indexed by {@code pos - start} ({@link #word}). */
    private boolean single() {
        return array != null || only != null;
    }

    /** The big-endian word at {@code index} (that is, {@code pos - start}) of a {@link #single} view. */
    private long word(int index) {
        return array != null ? int64(array, index) : only.getLong(index);
    }

    private static int int32(byte[] a, int i) {
        return (a[i] & 0xFF) << 24 | (a[i + 1] & 0xFF) << 16 | (a[i + 2] & 0xFF) << 8 | a[i + 3] & 0xFF;
    }

    private static long int64(byte[] a, int i) {
        return (long) int32(a, i) << 32 | int32(a, i + 4) & 0xFFFFFFFFL;
    }

    /** Compares {@code [a, a+alen)} with {@code [b, b+blen)} as unsigned bytes (sign of the result only). */
    int compare(long a, int alen, long b, int blen) {
        int n = Math.min(alen, blen);
        int i = 0;
        if (single()) {
            // eight bytes at a time: big-endian words compare as unsigned longs in byte order
            int ia = (int) (a - start), ib = (int) (b - start);
            for (; i + 8 <= n; i += 8) {
                long x = word(ia + i), y = word(ib + i);
                if (x != y) {
                    return Long.compareUnsigned(x, y);
                }
            }
        }
        for (; i < n; i++) {
            int d = u8(a + i) - u8(b + i);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(alen, blen);
    }

    /** Position of the first {@code needle} (4 bytes, big-endian int) in {@code [pos, pos+len)}, or -1. */
    long indexOf4(long pos, int len, int needle) {
        int first = needle >>> 24;
        int i = 0;
        if (single()) {
            // eight bytes at a time: flag the bytes equal to the needle's first byte (exactly, no false flags), then
            // check the needle at each flag in address order; keys rarely hold the first byte at all
            int p = (int) (pos - start);
            long pattern = first * 0x0101010101010101L;
            for (; i + 8 <= len; i += 8) {
                long t = word(p + i) ^ pattern;
                long flags = ~(((t & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | t | 0x7F7F7F7F7F7F7F7FL);
                while (flags != 0) {
                    int k = i + (Long.numberOfLeadingZeros(flags) >>> 3);
                    if (k + 4 <= len && (array != null ? int32(array, p + k) : only.getInt(p + k)) == needle) {
                        return pos + k;
                    }
                    flags ^= Long.highestOneBit(flags);
                }
            }
        }
        for (; i + 4 <= len; i++) {
            if (u8(pos + i) == first && (int) u32(pos + i) == needle) {
                return pos + i;
            }
        }
        return -1;
    }

    /**
     * A 64-bit hash of {@code [pos, pos+len)}, eight bytes at a time (multiply-rotate mixing per word, a final
     * avalanche), for counting distinct series keys. Any view of the same bytes gives the same value.
     */
    long hash(long pos, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        int i = 0;
        if (single()) {
            int p = (int) (pos - start);
            for (; i + 8 <= len; i += 8) {
                h = mix(h, word(p + i));
            }
        } else {
            for (; i + 8 <= len; i += 8) {
                h = mix(h, i64(pos + i));
            }
        }
        long tail = 0;
        for (; i < len; i++) {
            tail = tail << 8 | u8(pos + i);
        }
        h = mix(h, tail);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ h >>> 33;
    }

    private static long mix(long h, long k) {
        k *= 0x87c37b91114253d5L;
        k = Long.rotateLeft(k, 31);
        k *= 0x4cf5ad432745937fL;
        h ^= k;
        return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
    }

    /** Adds {@code [pos, pos+len)} to the CRC, window by window. */
    void crc(CRC32 crc, long pos, long len) {
        if (array != null) {
            crc.update(array, (int) (pos - start), (int) len);
            return;
        }
        if (scratch == null) {
            scratch = new ByteBuffer[windows.length];
            for (int i = 0; i < windows.length; i++) {
                scratch[i] = windows[i].duplicate();
            }
        }
        while (len > 0) {
            int w = (int) ((pos - start) >>> shift);
            ByteBuffer s = scratch[w];
            int loc = local(pos);
            int n = (int) Math.min(len, s.capacity() - (long) loc);
            s.limit(loc + n).position(loc);
            crc.update(s);
            pos += n;
            len -= n;
        }
    }

    @Override
    public void close() {
        if (mapped) {
            for (ByteBuffer b : windows) {
                unmap(b);
            }
        }
    }

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method cleaner = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            cleaner = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without it, mappings are released by the garbage collector.
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    /** Releases a mapping now; the buffer must not be used afterwards. */
    static void unmap(ByteBuffer b) {
        if (b instanceof MappedByteBuffer && b.isDirect() && INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, b);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // left to the garbage collector
            }
        }
    }
}
