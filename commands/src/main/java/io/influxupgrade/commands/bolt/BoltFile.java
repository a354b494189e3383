package io.influxupgrade.commands.bolt;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.influxupgrade.commands.bolt.BoltFormat.META_CHECKSUMMED;
import static io.influxupgrade.commands.bolt.BoltFormat.META_OFFSET;
import static io.influxupgrade.commands.bolt.BoltFormat.META_SIZE;

/**
 * A read-only BoltDB file (boltdb/bolt format, as in InfluxDB 0.10/0.11 {@code raft.db} and b1/bz1 shards),
 * memory-mapped. It reads the newest meta page whose checksum holds; every page id, element offset and length
 * is checked before use, so corrupt input ends in a one-line {@link UpgradeException} FAILED naming the file.
 */
public final class BoltFile implements AutoCloseable {

    /** What the chosen meta page says, plus which of the two it was. */
    public record Info(Path path, long fileSize, int pageSize, long txId, int metaPage, long rootPage,
                       long freelistPage, long highWaterPage, boolean otherMetaValid) {
    }

    private record Meta(int pageSize, int flags, long root, long sequence, long freelist, long hwm, long txid) {
    }

    /** Mapping window: a multiple of every plausible page size; pages that straddle two windows are copied. */
    private static final long CHUNK = 1L << 30;
    private static final int MAX_TREE_DEPTH = 64;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final Meta meta;
    private final int metaPage;
    private final boolean otherMetaValid;
    private final ByteBuffer[] chunks;
    private final long chunkSize;
    private final long pageLimit;         // pages with id below this lie inside both the file and the high-water mark
    private volatile boolean closed;

    private BoltFile(Path path, FileChannel channel, long fileSize, Meta meta, int metaPage, boolean otherMetaValid,
                     ByteBuffer[] chunks, long chunkSize) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.meta = meta;
        this.metaPage = metaPage;
        this.otherMetaValid = otherMetaValid;
        this.chunks = chunks;
        this.chunkSize = chunkSize;
        this.pageLimit = Math.min(meta.hwm, fileSize / meta.pageSize);
    }

    /**
     * Opens and maps {@code file}. FAILED when it is not a BoltDB file or both meta pages are invalid,
     * UNAVAILABLE when it cannot be read.
     */
    public static BoltFile open(Path file) {
        return open(file, CHUNK);
    }

    /** {@link #open(Path)} with a given mapping window (tests use small ones to reach the straddling path). */
    static BoltFile open(Path file, long chunkSize) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read BoltDB file " + file, e);
        }
        try {
            long size = ch.size();
            Selection sel = selectMeta(file, ch, size);
            ByteBuffer[] chunks = map(ch, size, chunkSize);
            return new BoltFile(file, ch, size, sel.meta, sel.page, sel.otherValid, chunks, chunkSize);
        } catch (IOException e) {
            closeQuietly(ch);
            throw AtomicFiles.ioFailure("read BoltDB file " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** True when the file starts with a BoltDB meta page magic number; never throws. */
    public static boolean looksLikeBolt(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer b = readAt(ch, 0, META_OFFSET + 8);
                return b.getInt(META_OFFSET) == BoltFormat.MAGIC;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public int pageSize() {
        return meta.pageSize;
    }

    public long txId() {
        return meta.txid;
    }

    public Path path() {
        return path;
    }

    /** The root bucket: the top-level buckets are its sub-buckets. */
    public BoltBucket root() {
        checkOpen();
        return new BoltBucket(this, meta.root, null, "/", 0, new long[] {meta.root});
    }

    /** Header facts about the file (cheap: nothing beyond the meta pages is read). */
    public Info describe() {
        return new Info(path, fileSize, meta.pageSize, meta.txid, metaPage, meta.root, meta.freelist, meta.hwm,
                otherMetaValid);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    // ---------------------------------------------------------------- meta pages

    private record Selection(Meta meta, int page, boolean otherValid) {
    }

    private static Selection selectMeta(Path file, FileChannel ch, long size) throws IOException {
        if (size < META_OFFSET + META_SIZE) {
            throw UpgradeException.failed(file + ": not a BoltDB file (only " + size + " bytes)");
        }
        ByteBuffer first = readAt(ch, 0, META_OFFSET + META_SIZE);
        String problem0 = problem(first, -1);
        Meta meta0 = problem0 == null ? parse(first) : null;
        boolean magic0 = first.getInt(META_OFFSET) == BoltFormat.MAGIC;

        // Page 1 sits one page in: trust page 0's size when page 0 is valid, else try the usual sizes.
        List<Long> candidates = new ArrayList<>();
        long declared = Integer.toUnsignedLong(first.getInt(META_OFFSET + 8));
        if (meta0 != null) {
            candidates.add(declared);
        } else {
            if (magic0 && BoltFormat.isPlausiblePageSize(declared)) {
                candidates.add(declared);
            }
            for (long s : new long[] {4096, 8192, 16384, 65536, 32768, 2048, 1024, 512}) {
                if (!candidates.contains(s)) {
                    candidates.add(s);
                }
            }
        }
        Meta meta1 = null;
        String problem1 = null;
        boolean magic1 = false;
        for (long s : candidates) {
            if (s + META_OFFSET + META_SIZE > size) {
                problem1 = problem1 == null ? "file ends before it" : problem1;
                continue;
            }
            ByteBuffer second = readAt(ch, s, META_OFFSET + META_SIZE);
            String p = problem(second, s);
            if (p == null) {
                meta1 = parse(second);
                problem1 = null;
                break;
            }
            if (second.getInt(META_OFFSET) == BoltFormat.MAGIC) {
                magic1 = true;
                problem1 = p;
            } else if (problem1 == null) {
                problem1 = p;
            }
        }
        if (!magic0 && !magic1) {
            throw UpgradeException.failed(file + ": not a BoltDB file (bad magic)");
        }
        if (meta0 == null && meta1 == null) {
            throw corrupt(file, "both meta pages are invalid (meta 0: " + problem0 + "; meta 1: "
                    + (problem1 == null ? "not found" : problem1) + ")");
        }
        if (meta1 == null || (meta0 != null && Long.compareUnsigned(meta0.txid, meta1.txid) >= 0)) {
            checkFits(file, meta0, size);
            return new Selection(meta0, 0, meta1 != null);
        }
        checkFits(file, meta1, size);
        return new Selection(meta1, 1, meta0 != null);
    }

    private static void checkFits(Path file, Meta m, long size) {
        if (size < 2L * m.pageSize) {
            throw corrupt(file, "file is " + size + " bytes, shorter than its two meta pages of " + m.pageSize + " bytes");
        }
    }

    /** Why a meta page is unusable, or null. {@code at} is where it was read (page 1's offset is its page size). */
    private static String problem(ByteBuffer b, long at) {
        if (b.getInt(META_OFFSET) != BoltFormat.MAGIC) {
            return "bad magic";
        }
        int version = b.getInt(META_OFFSET + 4);
        if (version != BoltFormat.VERSION) {
            return "unsupported version " + Integer.toUnsignedString(version);
        }
        byte[] raw = new byte[META_CHECKSUMMED];
        b.get(META_OFFSET, raw);
        long sum = BoltFormat.fnv1a64(raw, 0, raw.length);
        long stored = b.getLong(META_OFFSET + META_CHECKSUMMED);
        if (sum != stored) {
            return String.format("checksum mismatch (stored %016x, computed %016x)", stored, sum);
        }
        long pageSize = Integer.toUnsignedLong(b.getInt(META_OFFSET + 8));
        if (!BoltFormat.isPlausiblePageSize(pageSize)) {
            return "implausible page size " + pageSize;
        }
        if (at >= 0 && at != pageSize) {
            return "page size " + pageSize + " does not match its position " + at;
        }
        Meta m = parse(b);
        if (m.hwm < 3 || m.hwm > Long.MAX_VALUE / pageSize) {
            return "implausible page count " + Long.toUnsignedString(m.hwm);
        }
        if (m.root < 2 || m.root >= m.hwm) {
            return "root page " + Long.toUnsignedString(m.root) + " outside pages 2.." + (m.hwm - 1);
        }
        if (m.freelist != BoltFormat.NO_FREELIST && (m.freelist < 2 || m.freelist >= m.hwm)) {
            return "freelist page " + Long.toUnsignedString(m.freelist) + " outside pages 2.." + (m.hwm - 1);
        }
        return null;
    }

    private static Meta parse(ByteBuffer b) {
        int o = META_OFFSET;
        return new Meta(b.getInt(o + 8), b.getInt(o + 12), b.getLong(o + 16), b.getLong(o + 24), b.getLong(o + 32),
                b.getLong(o + 40), b.getLong(o + 48));
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                break; // the file ended: the zeros left in the buffer fail every check
            }
        }
        return b;
    }

    private static ByteBuffer[] map(FileChannel ch, long size, long chunk) throws IOException {
        int n = (int) ((size + chunk - 1) / chunk);
        ByteBuffer[] out = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long start = i * chunk;
            out[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(chunk, size - start))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        return out;
    }

    // ---------------------------------------------------------------- pages

    /** Loads a branch or leaf page with its overflow, after checking that it lies inside the file. */
    BoltPage page(long pgid, String context) {
        checkOpen();
        if (pgid < 2 || pgid >= pageLimit) {
            String why = pgid >= 0 && pgid < 2 ? "a meta page"
                    : pgid >= 0 && pgid < meta.hwm ? "beyond the end of the file (" + fileSize + " bytes; truncated?)"
                    : "beyond the high-water mark " + meta.hwm;
            throw corrupt(context + " refers to page " + Long.toUnsignedString(pgid) + ", which is " + why);
        }
        long offset = pgid * meta.pageSize;
        ByteBuffer chunk = chunks[(int) (offset / chunkSize)];
        int inChunk = (int) (offset % chunkSize);
        long id = chunk.getLong(inChunk);
        if (id != pgid) {
            throw corrupt("page " + pgid + " (from " + context + ") has id " + Long.toUnsignedString(id) + " in its header");
        }
        long overflow = Integer.toUnsignedLong(chunk.getInt(inChunk + 12));
        if (pgid + overflow >= pageLimit) {
            throw corrupt("page " + pgid + ": " + overflow + " overflow pages run past the last page " + (pageLimit - 1));
        }
        long length = (overflow + 1) * meta.pageSize;
        if (length > Integer.MAX_VALUE - 8) {
            throw corrupt("page " + pgid + ": " + overflow + " overflow pages make it larger than 2 GiB");
        }
        String name = "page " + pgid;
        if (inChunk + length <= chunk.limit()) {
            return new BoltPage(this, chunk, inChunk, (int) length, pgid, name);
        }
        // Straddles two mapping windows (only files over 1 GiB): copy it out.
        ByteBuffer copy = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        long pos = offset;
        while (copy.hasRemaining()) {
            ByteBuffer c = chunks[(int) (pos / chunkSize)];
            int at = (int) (pos % chunkSize);
            int n = Math.min(copy.remaining(), c.limit() - at);
            copy.put(copy.position(), c, at, n);
            copy.position(copy.position() + n);
            pos += n;
        }
        return new BoltPage(this, copy, 0, (int) length, pgid, name);
    }

    int maxTreeDepth() {
        return MAX_TREE_DEPTH;
    }

    UpgradeException corrupt(String problem) {
        return corrupt(path, problem);
    }

    private static UpgradeException corrupt(Path file, String problem) {
        return UpgradeException.failed(file + ": " + problem + " (BoltDB file is corrupt; restore it from a backup)");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("BoltDB file " + path + " is closed");
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }
}
