package io.influxupgrade.commands.bolt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One bucket of a {@link BoltFile}: its keys in bolt's order (unsigned bytes), plain values and sub-buckets.
 * Reads are lazy and bounds-checked; a corrupt tree (bad page ids, cycles, keys out of order, absurd depth)
 * ends in a one-line {@code UpgradeException} FAILED naming the file.
 */
public final class BoltBucket {

    private static final int MAX_NESTING = 64;

    private final BoltFile file;
    private final long root;          // 0 for an inline bucket
    private final BoltPage inline;
    private final String path;
    private final int nesting;
    private final long[] enclosingRoots;

    BoltBucket(BoltFile file, long root, BoltPage inline, String path, int nesting, long[] enclosingRoots) {
        this.file = file;
        this.root = root;
        this.inline = inline;
        this.path = path;
        this.nesting = nesting;
        this.enclosingRoots = enclosingRoots;
    }

    /** Where this bucket sits: "/" for the root, then names joined by "/" (binary names in hex). */
    public String path() {
        return path;
    }

    /** True for a small bucket stored inside its parent's page rather than on pages of its own. */
    public boolean isInline() {
        return inline != null;
    }

    /** All keys in order, both plain values and sub-buckets. */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>();
        walk((page, i, key) -> out.add(key));
        return out;
    }

    /** The value stored under {@code key}, or null when there is none or it is a sub-bucket. */
    public byte[] get(byte[] key) {
        BoltPage leaf = leafFor(key);
        int i = leaf.find(key);
        return i < 0 || leaf.isBucket(i) ? null : leaf.value(i);
    }

    /** The sub-bucket named {@code key}, or null when there is none or {@code key} holds a plain value. */
    public BoltBucket bucket(byte[] key) {
        BoltPage leaf = leafFor(key);
        int i = leaf.find(key);
        return i < 0 || !leaf.isBucket(i) ? null : child(leaf, i, key);
    }

    /** {@link #bucket(byte[])} with a UTF-8 name. */
    public BoltBucket bucket(String name) {
        return bucket(name.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isBucket(byte[] key) {
        BoltPage leaf = leafFor(key);
        int i = leaf.find(key);
        return i >= 0 && leaf.isBucket(i);
    }

    /** Visits every key in order with its value; the value is null for a sub-bucket. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        walk((page, i, key) -> visitor.accept(key, page.isBucket(i) ? null : page.value(i)));
    }

    /** Visits every sub-bucket in order (a convenience over {@link #forEach} and {@link #bucket(byte[])}). */
    public void forEachBucket(BiConsumer<byte[], BoltBucket> visitor) {
        walk((page, i, key) -> {
            if (page.isBucket(i)) {
                visitor.accept(key, child(page, i, key));
            }
        });
    }

    /** The number of keys (plain values and sub-buckets); walks the whole bucket. */
    public long count() {
        long[] n = {0};
        walk((page, i, key) -> n[0]++);
        return n[0];
    }

    @Override
    public String toString() {
        return "BoltBucket[" + path + " in " + file.path() + "]";
    }

    // ---------------------------------------------------------------- internals

    /** The bucket's root page id, 0 when inline (for tests and diagnostics). */
    long rootPgid() {
        return root;
    }

    private interface ElementVisitor {
        void visit(BoltPage leaf, int index, byte[] key);
    }

    private BoltPage rootPage() {
        return inline != null ? inline : file.page(root, "bucket " + path);
    }

    private BoltPage leafFor(byte[] key) {
        BoltPage p = rootPage();
        for (int depth = 0; !p.isLeaf(); depth++) {
            if (p.count() == 0) {
                throw file.corrupt("bucket " + path + ": " + p.name() + " is an empty branch page");
            }
            if (depth >= file.maxTreeDepth()) {
                throw file.corrupt("bucket " + path + ": tree deeper than " + file.maxTreeDepth() + " pages (cycle?)");
            }
            p = file.page(p.childPgid(p.childIndexFor(key)), p.name());
        }
        return p;
    }

    private BoltBucket child(BoltPage page, int i, byte[] key) {
        String childPath = (path.equals("/") ? "/" : path + "/") + BoltFormat.printable(key);
        if (nesting + 1 > MAX_NESTING) {
            throw file.corrupt("bucket " + childPath + ": buckets nested deeper than " + MAX_NESTING + " (cycle?)");
        }
        BoltPage[] inlinePage = new BoltPage[1];
        long childRoot = page.bucketRoot(i, inlinePage);
        if (childRoot == 0) {
            return new BoltBucket(file, 0, inlinePage[0], childPath, nesting + 1, enclosingRoots);
        }
        for (long r : enclosingRoots) {
            if (r == childRoot) {
                throw file.corrupt("bucket " + childPath + ": its root page " + childRoot
                        + " is also the root of an enclosing bucket (cycle)");
            }
        }
        long[] roots = Arrays.copyOf(enclosingRoots, enclosingRoots.length + 1);
        roots[enclosingRoots.length] = childRoot;
        BoltBucket b = new BoltBucket(file, childRoot, null, childPath, nesting + 1, roots);
        b.rootPage(); // fail here, naming the bucket, if its root page is unusable
        return b;
    }

    /** Visits every leaf element in key order, checking the order and that no page is reached twice. */
    private void walk(ElementVisitor visitor) {
        byte[][] previous = new byte[1][];
        if (inline != null) {
            visitLeaf(inline, visitor, previous);
            return;
        }
        walkPage(root, "bucket " + path, 0, new HashSet<>(), visitor, previous);
    }

    private void walkPage(long pgid, String from, int depth, Set<Long> seen, ElementVisitor visitor, byte[][] previous) {
        if (depth > file.maxTreeDepth()) {
            throw file.corrupt("bucket " + path + ": tree deeper than " + file.maxTreeDepth() + " pages");
        }
        if (!seen.add(pgid)) {
            throw file.corrupt("bucket " + path + ": page " + Long.toUnsignedString(pgid) + " is referenced twice (from "
                    + from + ")");
        }
        BoltPage p = file.page(pgid, from);
        if (p.isLeaf()) {
            visitLeaf(p, visitor, previous);
            return;
        }
        if (p.count() == 0) {
            throw file.corrupt("bucket " + path + ": " + p.name() + " is an empty branch page");
        }
        for (int i = 0; i < p.count(); i++) {
            walkPage(p.childPgid(i), p.name(), depth + 1, seen, visitor, previous);
        }
    }

    private void visitLeaf(BoltPage p, ElementVisitor visitor, byte[][] previous) {
        for (int i = 0; i < p.count(); i++) {
            byte[] key = p.key(i);
            if (previous[0] != null && BoltFormat.KEY_ORDER.compare(previous[0], key) >= 0) {
                throw file.corrupt("bucket " + path + ": " + p.name() + ": key " + BoltFormat.printable(key)
                        + " is out of order");
            }
            previous[0] = key;
            visitor.visit(p, i, key);
        }
    }
}
