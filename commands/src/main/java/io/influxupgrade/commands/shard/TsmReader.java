package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads a TSM1 file's header, footer and index (format doc section 6) without trusting any length in it: every
 * offset and count is checked against the file size before use, so a corrupt file gives findings, never an
 * exception or a large allocation. With {@code verify} it also recomputes every block's CRC-32.
 */
public final class TsmReader {

    static final int MAGIC = 0x16D116D1;
    static final int VERSION = 1;
    static final int HEADER = 5;
    static final int FOOTER = 8;
    static final int ENTRY = 28;
    /** {@code #!~#}, the separator between series key and field name. */
    static final int FIELD_SEPARATOR = ('#' << 24) | ('!' << 16) | ('~' << 8) | '#';
    /** At most this many findings per file; the rest are counted. */
    static final int MAX_FINDINGS_PER_FILE = 50;
    /** Below this index size the inventory reads the tail of the file instead of mapping it. */
    static final int READ_LIMIT = 4 << 20;
    private static final int TAIL = 64 * 1024;

    /** What one file holds, and what is wrong with it. minTime/maxTime are meaningful only when {@code blocks > 0}. */
    public record TsmFileReport(Path file, long bytes, long keys, long blocks, long brokenBlocks,
                                long minTime, long maxTime, List<Finding> findings) {
        /** The file's path as text (made on demand: an inventory of 100,000 files rarely needs it). */
        public String path() {
            return file.toString();
        }

        public boolean healthy() {
            return findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        }
    }

    private TsmReader() {
    }

    /**
     * Per thread: the buffer files are read into, and an array that a small file's bytes are copied to (parsing a
     * byte array is cheaper than reading a direct buffer, above all before the JIT's best compiler has run).
     */
    private record Scratch(ByteBuffer buffer, byte[] array) {
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(ByteBuffer.allocateDirect(TAIL), new byte[TAIL]));
    private static final ThreadLocal<ByteBuffer> BIG_BUFFERS = new ThreadLocal<>();

    /**
     * Inventory: header (when cheap), footer and index of one file; series-key hashes go into {@code series}.
     * Never throws for bad content; I/O errors become a finding.
     */
    static TsmFileReport summarize(Path file, LongHashSet series) {
        return summarize(file, () -> FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), series, null);
    }

    /** How {@link #summarize(Path, Opener, LongHashSet)} opens the file (the scanner opens it relative to its directory). */
    @FunctionalInterface
    interface Opener {
        FileChannel open() throws IOException;
    }

    /**
     * {@link #summarize(Path, LongHashSet)} with the file opened by {@code opener}; {@code file} names it in findings.
     * The time taken by the open and the first read is reported to {@code pool} when there is one.
     */
    static TsmFileReport summarize(Path file, Opener opener, LongHashSet series, ScanPool pool) {
        long started = pool == null ? 0 : System.nanoTime();
        try (FileChannel ch = opener.open()) {
            // Small files (the common case) in one read from offset 0: a short read is the end of the file, which
            // saves an fstat per file. Should a short read ever lie, the findings path re-checks with the real size.
            Scratch scratch = SCRATCH.get();
            ByteBuffer buf = scratch.buffer();
            buf.clear();
            int n = Math.max(0, ch.read(buf, 0));
            if (pool != null) {
                pool.timed(started);
            }
            if (n < buf.capacity()) {
                buf.flip();
                Walk w = new Walk(file, false, series);
                w.size = n;
                if (w.checkSize()) {
                    byte[] bytes = scratch.array();
                    buf.get(0, bytes, 0, n);
                    ByteView all = ByteView.of(bytes, n, 0);
                    if (w.checkHeader(all)) {
                        long indexStart = w.footer(all);
                        if (indexStart >= 0) {
                            w.walkIndex(all, indexStart);
                        }
                    }
                }
                if (w.findings.isEmpty() || ch.size() == n) {
                    return w.report();
                }
            }
            return summarizeLarge(file, ch, series);
        } catch (IOException | RuntimeException e) {
            Walk w = new Walk(file, false, series);
            w.ioProblem(e);
            return w.report();
        }
    }

    private static TsmFileReport summarizeLarge(Path file, FileChannel ch, LongHashSet series) {
        Walk w = new Walk(file, false, series);
        try {
            long size = ch.size();
            w.size = size;
            if (!w.checkSize()) {
                return w.report();
            }
            ByteBuffer buf = SCRATCH.get().buffer();
            long tailStart = Math.max(0, size - TAIL);
            readFully(ch, buf, 0, (int) Math.min(size, HEADER));
            try (ByteView head = ByteView.of(buf, 0)) {
                if (!w.checkHeader(head)) {
                    return w.report();
                }
            }
            readFully(ch, buf, tailStart, (int) (size - tailStart));
            long indexStart;
            try (ByteView tail = ByteView.of(buf, tailStart)) {
                indexStart = w.footer(tail);
                if (indexStart < 0) {
                    return w.report();
                }
                if (indexStart >= tailStart) {
                    w.walkIndex(tail, indexStart);
                    return w.report();
                }
            }
            if (size - indexStart <= READ_LIMIT) {
                if (buf.capacity() < size - indexStart) {
                    buf = BIG_BUFFERS.get();
                    if (buf == null || buf.capacity() < size - indexStart) {
                        buf = ByteBuffer.allocateDirect(READ_LIMIT);
                        BIG_BUFFERS.set(buf);
                    }
                }
                readFully(ch, buf, indexStart, (int) (size - indexStart));
                try (ByteView v = ByteView.of(buf, indexStart)) {
                    w.walkIndex(v, indexStart);
                }
            } else {
                try (ByteView v = ByteView.map(ch, indexStart, size)) {
                    w.walkIndex(v, indexStart);
                }
            }
        } catch (IOException | RuntimeException e) {
            w.ioProblem(e);
        } catch (InternalError e) {
            w.shrank();
        }
        return w.report();
    }

    /** Verification: header, footer, index and every block's CRC; bytes checked are reported to {@code progress}. */
    static TsmFileReport verify(Path file, java.util.function.LongConsumer progress) {
        Walk w = new Walk(file, true, null);
        w.progress = progress;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            w.size = ch.size();
            if (w.checkSize()) {
                try (ByteView v = ByteView.map(ch, 0, w.size)) {
                    if (w.checkHeader(v)) {
                        long indexStart = w.footer(v);
                        if (indexStart >= 0) {
                            w.walkIndex(v, indexStart);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            w.ioProblem(e);
        } catch (InternalError e) {
            // SIGBUS on a mapping: the file was truncated while we read it
            w.shrank();
        }
        w.flushProgress();
        if (progress != null && w.size > w.reported) {
            progress.accept(w.size - w.reported);
        }
        return w.report();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, int len) throws IOException {
        buf.clear().limit(len);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("file shrank while reading");
            }
        }
        buf.flip();
    }

    /** State of one file's walk; all checks append findings instead of throwing. */
    private static final class Walk {
        final Path file;
        final boolean verify;
        final LongHashSet series;
        final List<Finding> findings = new ArrayList<>();
        final CRC32 crc;
        java.util.function.LongConsumer progress;
        long pendingProgress;
        long reported;
        long size;
        long keys;
        long blocks;
        long broken;
        long dropped;
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;

        Walk(Path file, boolean verify, LongHashSet series) {
            this.file = file;
            this.verify = verify;
            this.series = series;
            this.crc = verify ? new CRC32() : null;
        }

        void add(Finding f) {
            if (findings.size() < MAX_FINDINGS_PER_FILE) {
                findings.add(f);
            } else {
                dropped++;
            }
        }

        void index(String what) {
            add(Finding.error("tsm.index", "TSM file " + file + ": " + what,
                    "the file is corrupt; restore it from a backup, or move it aside (influxd 1.6+ renames such files to .bad)"));
        }

        boolean checkSize() {
            if (size == 0) {
                add(Finding.error("tsm.empty", "TSM file " + file + " is empty (0 bytes)",
                        "remove it with influxd stopped, or restore the shard from a backup"));
                return false;
            }
            if (size < HEADER + FOOTER) {
                add(Finding.error("tsm.truncated", "TSM file " + file + " is truncated: " + size + " bytes, less than header and footer",
                        "restore the shard from a backup"));
                return false;
            }
            return true;
        }

        boolean checkHeader(ByteView v) {
            long magic = v.u32(0);
            if (magic != (MAGIC & 0xFFFFFFFFL)) {
                add(Finding.error("tsm.header", "TSM file " + file + ": bad magic 0x" + Long.toHexString(magic)
                        + " (expected 0x16d116d1): not a TSM file", "move the file out of the data dir or restore it from a backup"));
                return false;
            }
            int version = v.u8(4);
            if (version != VERSION) {
                add(Finding.error("tsm.header", "TSM file " + file + ": version " + version + ", expected 1",
                        "restore the file from a backup"));
                return false;
            }
            return true;
        }

        /** The index start from the footer, or -1 after a finding. */
        long footer(ByteView v) {
            long indexStart = v.i64(size - FOOTER);
            if (indexStart < HEADER || indexStart > size - FOOTER) {
                index("footer points the index at offset " + indexStart + ", outside " + HEADER + ".." + (size - FOOTER)
                        + " (file truncated or overwritten)");
                return -1;
            }
            return indexStart;
        }

        void walkIndex(ByteView v, long indexStart) {
            long end = size - FOOTER;
            long pos = indexStart;
            long prevKey = -1;
            int prevLen = 0;
            while (pos < end) {
                if (end - pos < 2) {
                    index("index ends inside a key length at offset " + pos);
                    return;
                }
                int keyLen = v.u16(pos);
                pos += 2;
                if (keyLen == 0 || keyLen > end - pos) {
                    index("key length " + keyLen + " at offset " + (pos - 2) + " does not fit in the index (ends at " + end + ")");
                    return;
                }
                long keyOff = pos;
                pos += keyLen;
                if (end - pos < 3) {
                    index("index ends inside the entry header of key " + key(v, keyOff, keyLen));
                    return;
                }
                int type = v.u8(pos);
                int count = v.u16(pos + 1);
                pos += 3;
                if (count == 0 || (long) count * ENTRY > end - pos) {
                    index("key " + key(v, keyOff, keyLen) + " claims " + count + " blocks, more than the index holds");
                    return;
                }
                if (type > 4) {
                    index("key " + key(v, keyOff, keyLen) + " has unknown block type " + type);
                    return;
                }
                if (prevKey >= 0 && v.compare(prevKey, prevLen, keyOff, keyLen) >= 0) {
                    index("index keys are not sorted: " + key(v, keyOff, keyLen) + " follows " + key(v, prevKey, prevLen));
                    return;
                }
                prevKey = keyOff;
                prevLen = keyLen;
                keys++;
                if (series != null) {
                    long sep = v.indexOf4(keyOff, keyLen, FIELD_SEPARATOR);
                    series.add(v.hash(keyOff, sep < 0 ? keyLen : (int) (sep - keyOff)));
                }
                long prevMin = Long.MIN_VALUE;
                for (int i = 0; i < count; i++, pos += ENTRY) {
                    long min = v.i64(pos);
                    long max = v.i64(pos + 8);
                    long off = v.i64(pos + 16);
                    long sz = v.u32(pos + 24);
                    blocks++;
                    if (min > max || min < prevMin) {
                        index("key " + key(v, keyOff, keyLen) + " block " + i + ": time range " + min + ".." + max
                                + " is inverted or out of order");
                        return;
                    }
                    prevMin = min;
                    if (min < minTime) {
                        minTime = min;
                    }
                    if (max > maxTime) {
                        maxTime = max;
                    }
                    if (off < HEADER || sz < 5 || off > indexStart - sz) {
                        broken++;
                        add(Finding.error("tsm.block-bounds", "TSM file " + file + ": key " + key(v, keyOff, keyLen) + " block " + i
                                + " at offset " + off + " size " + sz + " lies outside the data section " + HEADER + ".." + indexStart,
                                "the index is corrupt; restore the file from a backup"));
                        continue;
                    }
                    if (verify) {
                        checkBlock(v, keyOff, keyLen, i, type, off, sz);
                    }
                }
            }
        }

        void checkBlock(ByteView v, long keyOff, int keyLen, int i, int type, long off, long sz) {
            long stored = v.u32(off);
            crc.reset();
            v.crc(crc, off + 4, sz - 4);
            long actual = crc.getValue();
            if (actual != stored) {
                broken++;
                add(Finding.error("tsm.crc", "TSM file " + file + ": key " + key(v, keyOff, keyLen) + " block " + i + " at offset "
                        + off + ": CRC32 is 0x" + Long.toHexString(actual) + " but the block says 0x" + Long.toHexString(stored),
                        "the block is corrupt; restore the file from a backup"));
            } else if (v.u8(off + 4) != type) {
                broken++;
                add(Finding.error("tsm.block-type", "TSM file " + file + ": key " + key(v, keyOff, keyLen) + " block " + i
                        + " has type " + v.u8(off + 4) + " but the index says " + type, "restore the file from a backup"));
            }
            pendingProgress += sz;
            if (pendingProgress >= (4 << 20)) {
                flushProgress();
            }
        }

        void flushProgress() {
            if (progress != null && pendingProgress > 0) {
                progress.accept(pendingProgress);
                reported += pendingProgress;
            }
            pendingProgress = 0;
        }

        static String key(ByteView v, long off, int len) {
            int n = Math.min(len, 200);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) v.u8(off + i);
            }
            return "'" + new String(b, StandardCharsets.UTF_8) + (len > n ? "…" : "") + "'";
        }

        void shrank() {
            add(Finding.error("tsm.unreadable", "TSM file " + file + " changed (was truncated) while it was being read",
                    "run the check again with influxd stopped"));
        }

        void ioProblem(Exception e) {
            if (e instanceof RuntimeException) {
                // A bug in this reader, not in the file: keep it visible but do not stop the scan.
                add(Finding.error("tsm.internal-error", "TSM file " + file + " could not be checked: " + e, "report this as a bug"));
                return;
            }
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            add(Finding.error("tsm.unreadable", "TSM file " + file + " cannot be read: " + why,
                    "check the file's permissions and the disk"));
        }

        TsmFileReport report() {
            List<Finding> out = findings;
            if (dropped > 0) {
                out = new ArrayList<>(findings);
                out.add(Finding.error("tsm.more", "TSM file " + file + ": " + dropped + " more problems not listed", null));
            }
            return new TsmFileReport(file, size, keys, blocks, broken, minTime, maxTime, out.isEmpty() ? List.of() : List.copyOf(out));
        }
    }
}
