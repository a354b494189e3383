package io.influxupgrade.commands.bolt;

import io.influxupgrade.commands.fs.AtomicFiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.influxupgrade.commands.bolt.BoltFormat.BUCKET_HEADER_SIZE;
import static io.influxupgrade.commands.bolt.BoltFormat.ELEMENT_SIZE;
import static io.influxupgrade.commands.bolt.BoltFormat.PAGE_HEADER_SIZE;

/**
 * Builds a complete BoltDB file from an in-memory tree, laid out as bolt itself would after one commit:
 * meta pages 0 and 1 (both valid, consecutive txids, FNV-1a checksums), an empty freelist on page 2, then
 * the tree pages. Buckets go inline when bolt would inline them (a single leaf without sub-buckets, at most a
 * quarter page); large elements use overflow pages; every page below the high-water mark is reachable.
 */
public final class BoltWriter {

    private final int pageSize;
    private final Node root = new Node();
    private long txId = 1;

    /** {@code pageSize}: a power of two from 1 KiB to 64 KiB; bolt uses the OS page size (4096 on x86-64 Linux). */
    public BoltWriter(int pageSize) {
        if (!BoltFormat.isPlausiblePageSize(pageSize) || pageSize < 1024 || pageSize > 65536) {
            throw new IllegalArgumentException("page size must be a power of two from 1024 to 65536: " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /** The root bucket: top-level buckets are created with {@code root().bucket(name)}. */
    public Node root() {
        return root;
    }

    /** The transaction id of the newer meta page (the other gets one less); at least 1, default 1. */
    public BoltWriter txId(long txId) {
        if (txId < 1) {
            throw new IllegalArgumentException("txid must be at least 1: " + txId);
        }
        this.txId = txId;
        return this;
    }

    /** A bucket under construction: plain values and sub-buckets in one key space, in unsigned byte order. */
    public static final class Node {
        private final TreeMap<byte[], Object> entries = new TreeMap<>(BoltFormat.KEY_ORDER);

        /** Stores (a copy of) {@code value} under {@code key}, replacing a previous value. */
        public Node put(byte[] key, byte[] value) {
            checkKey(key);
            if (value.length > BoltFormat.MAX_VALUE_SIZE) {
                throw new IllegalArgumentException("value too large: " + value.length + " bytes");
            }
            if (entries.get(key) instanceof Node) {
                throw new IllegalArgumentException("key " + BoltFormat.printable(key) + " is a bucket");
            }
            entries.put(key.clone(), value.clone());
            return this;
        }

        public Node put(String key, byte[] value) {
            return put(key.getBytes(StandardCharsets.UTF_8), value);
        }

        /** The sub-bucket named {@code name}, created when missing. */
        public Node bucket(byte[] name) {
            checkKey(name);
            Object existing = entries.get(name);
            if (existing instanceof Node n) {
                return n;
            }
            if (existing != null) {
                throw new IllegalArgumentException("key " + BoltFormat.printable(name) + " holds a value, not a bucket");
            }
            Node n = new Node();
            entries.put(name.clone(), n);
            return n;
        }

        public Node bucket(String name) {
            return bucket(name.getBytes(StandardCharsets.UTF_8));
        }

        private static void checkKey(byte[] key) {
            if (key.length == 0 || key.length > BoltFormat.MAX_KEY_SIZE) {
                throw new IllegalArgumentException("bolt keys must be 1 to " + BoltFormat.MAX_KEY_SIZE
                        + " bytes, got " + key.length);
            }
        }
    }

    /** The whole file. */
    public byte[] toBytes() {
        Out out = new Out(pageSize);
        out.allocate(3); // meta 0, meta 1, freelist
        long rootPgid = writeTree(out, leafElements(out, root));
        long hwm = out.pages;

        ByteBuffer b = out.buffer();
        // Freelist: no free pages (every page is in use).
        header(b, 2 * pageSize, 2, BoltFormat.FLAG_FREELIST, 0, 0);
        for (long tx : new long[] {txId - 1, txId}) {
            int page = (int) (tx % 2);
            writeMeta(b, page, rootPgid, hwm, tx);
        }
        return out.bytes();
    }

    /** Writes the file atomically (temp file, fsync, rename). */
    public void writeTo(Path file) {
        AtomicFiles.write(file, toBytes());
    }

    // ---------------------------------------------------------------- layout

    private record Element(byte[] key, byte[] value, int flags) {
        int size() {
            return ELEMENT_SIZE + key.length + value.length;
        }
    }

    private record Child(byte[] firstKey, long pgid) {
    }

    /** The elements of a bucket's single leaf level, with sub-buckets already written out. */
    private List<Element> leafElements(Out out, Node node) {
        List<Element> elements = new ArrayList<>(node.entries.size());
        for (Map.Entry<byte[], Object> e : node.entries.entrySet()) {
            if (e.getValue() instanceof Node child) {
                elements.add(new Element(e.getKey(), bucketValue(out, child), BoltFormat.LEAF_FLAG_BUCKET));
            } else {
                elements.add(new Element(e.getKey(), (byte[]) e.getValue(), 0));
            }
        }
        return elements;
    }

    /** A sub-bucket's value in its parent: a bucket header, followed by its page when it is inline. */
    private byte[] bucketValue(Out out, Node node) {
        List<Element> elements = leafElements(out, node);
        long size = PAGE_HEADER_SIZE;
        boolean hasBuckets = false;
        for (Element e : elements) {
            size += e.size();
            hasBuckets |= e.flags != 0;
        }
        ByteBuffer v;
        if (!hasBuckets && size <= pageSize / 4) {
            v = ByteBuffer.allocate(BUCKET_HEADER_SIZE + (int) size).order(ByteOrder.LITTLE_ENDIAN);
            v.putLong(0, 0);  // root 0: inline
            v.putLong(8, 0);  // sequence
            writeNode(v, BUCKET_HEADER_SIZE, 0, true, elements, 0);
        } else {
            v = ByteBuffer.allocate(BUCKET_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            v.putLong(0, writeTree(out, elements));
            v.putLong(8, 0);
        }
        return v.array();
    }

    /** Writes a bucket's leaves and branch levels; returns its root page id. */
    private long writeTree(Out out, List<Element> elements) {
        List<List<Element>> leaves = split(elements, 1);
        List<Child> level = new ArrayList<>();
        for (List<Element> leaf : leaves) {
            long pgid = writePage(out, true, leaf);
            level.add(new Child(leaf.isEmpty() ? new byte[0] : leaf.get(0).key, pgid));
        }
        while (level.size() > 1) {
            List<Element> branchElements = new ArrayList<>(level.size());
            for (Child c : level) {
                branchElements.add(new Element(c.firstKey, longBytes(c.pgid), 0));
            }
            List<Child> next = new ArrayList<>();
            for (List<Element> group : splitBranch(branchElements)) {
                next.add(new Child(group.get(0).key, writePage(out, false, group)));
            }
            level = next;
        }
        return level.get(0).pgid;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v).array();
    }

    /** Greedy packing into pages; a page takes at least {@code min} elements (larger ones overflow). */
    private List<List<Element>> split(List<Element> elements, int min) {
        List<List<Element>> groups = new ArrayList<>();
        List<Element> current = new ArrayList<>();
        long size = PAGE_HEADER_SIZE;
        for (Element e : elements) {
            if (current.size() >= min && (size + e.size() > pageSize || current.size() >= BoltFormat.MAX_PAGE_ELEMENTS)) {
                groups.add(current);
                current = new ArrayList<>();
                size = PAGE_HEADER_SIZE;
            }
            current.add(e);
            size += e.size();
        }
        groups.add(current);
        return groups;
    }

    /** Branch elements carry their key only (the "value" is the child pgid); bolt wants two or more per page. */
    private List<List<Element>> splitBranch(List<Element> elements) {
        List<Element> sized = new ArrayList<>(elements.size());
        for (Element e : elements) {
            sized.add(new Element(e.key, new byte[0], 0));
        }
        // At least two children a page, or the levels above would never shrink to one root.
        List<List<Element>> groups = split(sized, 2);
        if (groups.size() > 1 && groups.get(groups.size() - 1).size() == 1) {
            List<Element> last = groups.remove(groups.size() - 1);
            List<Element> prev = groups.get(groups.size() - 1);
            if (prev.size() >= 3) {
                groups.add(new ArrayList<>(List.of(prev.remove(prev.size() - 1), last.get(0))));
            } else {
                prev.add(last.get(0));
            }
        }
        // Put the child page ids back (split worked on key sizes only).
        List<List<Element>> out = new ArrayList<>(groups.size());
        int k = 0;
        for (List<Element> g : groups) {
            List<Element> withIds = new ArrayList<>(g.size());
            for (int i = 0; i < g.size(); i++) {
                withIds.add(elements.get(k++));
            }
            out.add(withIds);
        }
        return out;
    }

    private long writePage(Out out, boolean leaf, List<Element> elements) {
        long size = PAGE_HEADER_SIZE;
        for (Element e : elements) {
            size += leaf ? e.size() : ELEMENT_SIZE + e.key.length;
        }
        long pages = (size + pageSize - 1) / pageSize;
        long pgid = out.allocate(pages);
        ByteBuffer b = out.buffer();
        int at = (int) (pgid * pageSize);
        writeNode(b, at, pgid, leaf, elements, (int) (pages - 1));
        return pgid;
    }

    /** Page header, elements, then keys and values in element order (as bolt's node.write). */
    private static void writeNode(ByteBuffer b, int at, long pgid, boolean leaf, List<Element> elements, int overflow) {
        header(b, at, pgid, leaf ? BoltFormat.FLAG_LEAF : BoltFormat.FLAG_BRANCH, elements.size(), overflow);
        int data = at + PAGE_HEADER_SIZE + elements.size() * ELEMENT_SIZE;
        for (int i = 0; i < elements.size(); i++) {
            Element e = elements.get(i);
            int el = at + PAGE_HEADER_SIZE + i * ELEMENT_SIZE;
            if (leaf) {
                b.putInt(el, e.flags);
                b.putInt(el + 4, data - el);
                b.putInt(el + 8, e.key.length);
                b.putInt(el + 12, e.value.length);
                b.put(data, e.key);
                b.put(data + e.key.length, e.value);
                data += e.key.length + e.value.length;
            } else {
                b.putInt(el, data - el);
                b.putInt(el + 4, e.key.length);
                b.putLong(el + 8, ByteBuffer.wrap(e.value).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
                b.put(data, e.key);
                data += e.key.length;
            }
        }
    }

    private static void header(ByteBuffer b, int at, long pgid, int flags, int count, int overflow) {
        b.putLong(at, pgid);
        b.putShort(at + 8, (short) flags);
        b.putShort(at + 10, (short) count);
        b.putInt(at + 12, overflow);
    }

    private void writeMeta(ByteBuffer b, int page, long rootPgid, long hwm, long tx) {
        int at = page * pageSize;
        header(b, at, page, BoltFormat.FLAG_META, 0, 0);
        int m = at + BoltFormat.META_OFFSET;
        b.putInt(m, BoltFormat.MAGIC);
        b.putInt(m + 4, BoltFormat.VERSION);
        b.putInt(m + 8, pageSize);
        b.putInt(m + 12, 0);          // flags
        b.putLong(m + 16, rootPgid);  // root bucket: root page
        b.putLong(m + 24, 0);         // root bucket: sequence
        b.putLong(m + 32, 2);         // freelist page
        b.putLong(m + 40, hwm);       // high-water mark: number of pages in use
        b.putLong(m + 48, tx);
        byte[] raw = new byte[BoltFormat.META_CHECKSUMMED];
        b.get(m, raw);
        b.putLong(m + BoltFormat.META_CHECKSUMMED, BoltFormat.fnv1a64(raw, 0, raw.length));
    }

    /** A growing, page-aligned file image. */
    private static final class Out {
        private final int pageSize;
        private byte[] data;
        private long pages;
        private ByteBuffer view;

        Out(int pageSize) {
            this.pageSize = pageSize;
            this.data = new byte[pageSize * 16];
        }

        long allocate(long n) {
            long pgid = pages;
            pages += n;
            long need = pages * pageSize;
            if (need > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("BoltDB image larger than 2 GiB is not supported by BoltWriter");
            }
            if (need > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * data.length)));
                view = null;
            }
            return pgid;
        }

        ByteBuffer buffer() {
            if (view == null) {
                view = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            }
            return view;
        }

        byte[] bytes() {
            return Arrays.copyOf(data, (int) (pages * pageSize));
        }
    }
}
