package io.influxupgrade.commands.bolt;

import java.nio.ByteBuffer;

import static io.influxupgrade.commands.bolt.BoltFormat.ELEMENT_SIZE;
import static io.influxupgrade.commands.bolt.BoltFormat.FLAG_BRANCH;
import static io.influxupgrade.commands.bolt.BoltFormat.FLAG_LEAF;
import static io.influxupgrade.commands.bolt.BoltFormat.KEY_ORDER;
import static io.influxupgrade.commands.bolt.BoltFormat.PAGE_HEADER_SIZE;

/**
 * A bounds-checked view of one branch or leaf page (a file page with its overflow, or an inline bucket page):
 * every element's key and value lie inside the page once the view exists.
 */
final class BoltPage {

    private final BoltFile file;
    private final ByteBuffer buf;   // little-endian, read with absolute indexes only
    private final int base;
    private final int length;
    private final String name;      // "page 12" or "inline bucket in page 12", for messages
    private final long pgid;        // 0 for an inline page
    private final boolean leaf;
    private final int count;

    BoltPage(BoltFile file, ByteBuffer buf, int base, int length, long pgid, String name) {
        this.file = file;
        this.buf = buf;
        this.base = base;
        this.length = length;
        this.pgid = pgid;
        this.name = name;
        if (length < PAGE_HEADER_SIZE) {
            throw file.corrupt(name + ": " + length + " bytes are too short for a page header");
        }
        int flags = Short.toUnsignedInt(buf.getShort(base + 8));
        if (flags == FLAG_LEAF) {
            leaf = true;
        } else if (flags == FLAG_BRANCH) {
            leaf = false;
        } else {
            throw file.corrupt(name + ": expected a branch or leaf page, found flags 0x" + Integer.toHexString(flags));
        }
        count = Short.toUnsignedInt(buf.getShort(base + 10));
        long elementsEnd = PAGE_HEADER_SIZE + (long) count * ELEMENT_SIZE;
        if (elementsEnd > length) {
            throw file.corrupt(name + ": " + count + " elements do not fit in " + length + " bytes");
        }
        for (int i = 0; i < count; i++) {
            long start = elementOffset(i) + Integer.toUnsignedLong(buf.getInt(base + elementOffset(i) + (leaf ? 4 : 0)));
            long end = start + keySize(i) + (leaf ? valueSize(i) : 0);
            if (start < elementsEnd || end > length) {
                throw file.corrupt(name + ": element " + i + " points outside its page (bytes " + start + ".." + end
                        + " of " + length + ")");
            }
        }
    }

    String name() {
        return name;
    }

    long pgid() {
        return pgid;
    }

    boolean isLeaf() {
        return leaf;
    }

    int count() {
        return count;
    }

    private int elementOffset(int i) {
        return PAGE_HEADER_SIZE + i * ELEMENT_SIZE;
    }

    private long keySize(int i) {
        return Integer.toUnsignedLong(buf.getInt(base + elementOffset(i) + (leaf ? 8 : 4)));
    }

    private long valueSize(int i) {
        return Integer.toUnsignedLong(buf.getInt(base + elementOffset(i) + 12));
    }

    /** Absolute index of the key of element i (validated in the constructor, so it fits an int). */
    private int keyIndex(int i) {
        int e = elementOffset(i);
        return base + e + buf.getInt(base + e + (leaf ? 4 : 0));
    }

    byte[] key(int i) {
        byte[] k = new byte[(int) keySize(i)];
        buf.get(keyIndex(i), k);
        return k;
    }

    /** Compares element i's key with {@code key} the way bolt does (unsigned bytes). */
    int compareKey(int i, byte[] key) {
        return KEY_ORDER.compare(key(i), key);
    }

    int leafFlags(int i) {
        return buf.getInt(base + elementOffset(i));
    }

    boolean isBucket(int i) {
        return leaf && (leafFlags(i) & BoltFormat.LEAF_FLAG_BUCKET) != 0;
    }

    byte[] value(int i) {
        byte[] v = new byte[(int) valueSize(i)];
        buf.get(keyIndex(i) + (int) keySize(i), v);
        return v;
    }

    long childPgid(int i) {
        return buf.getLong(base + elementOffset(i) + 8);
    }

    /** Reads element i's bucket header: returns the root page id, or 0 with {@code inline[0]} set to its page. */
    long bucketRoot(int i, BoltPage[] inline) {
        long vsize = valueSize(i);
        if (vsize < BoltFormat.BUCKET_HEADER_SIZE) {
            throw file.corrupt(name + ": bucket value of element " + i + " is " + vsize + " bytes, shorter than a bucket header");
        }
        int at = keyIndex(i) + (int) keySize(i);
        long root = buf.getLong(at);
        if (root == 0) {
            inline[0] = new BoltPage(file, buf, at + BoltFormat.BUCKET_HEADER_SIZE,
                    (int) vsize - BoltFormat.BUCKET_HEADER_SIZE, 0,
                    "inline bucket " + BoltFormat.printable(key(i)) + " in " + name);
            if (!inline[0].leaf) {
                throw file.corrupt(inline[0].name + ": inline bucket page is not a leaf page");
            }
        }
        return root;
    }

    /** Index of the child to descend into for {@code key}: the last element whose key is not greater. */
    int childIndexFor(byte[] key) {
        int lo = 0;
        int hi = count; // first element with key > search key
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKey(mid, key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Math.max(0, lo - 1);
    }

    /** Index of the element with exactly {@code key}, or -1. */
    int find(byte[] key) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareKey(mid, key);
            if (c == 0) {
                return mid;
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }
}
