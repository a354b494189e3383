package io.influxupgrade.commands.bolt;

import java.util.Arrays;
import java.util.Comparator;

/** Constants and small helpers of the BoltDB on-disk format (boltdb/bolt, native little-endian). */
final class BoltFormat {

    static final int MAGIC = 0xED0CDAED;
    static final int VERSION = 2;

    static final int PAGE_HEADER_SIZE = 16;
    static final int ELEMENT_SIZE = 16;
    static final int BUCKET_HEADER_SIZE = 16;
    /** Offset of the meta fields after the page header; the meta struct is 64 bytes, the checksum the last 8. */
    static final int META_OFFSET = PAGE_HEADER_SIZE;
    static final int META_SIZE = 64;
    static final int META_CHECKSUMMED = 56;

    static final int FLAG_BRANCH = 0x01;
    static final int FLAG_LEAF = 0x02;
    static final int FLAG_META = 0x04;
    static final int FLAG_FREELIST = 0x10;

    /** Leaf element flag: the value is a bucket header (plus an inline page when the root is 0). */
    static final int LEAF_FLAG_BUCKET = 0x01;

    /** Limits from bolt itself: keys up to 32 KiB, values below 2 GiB, fewer than 0xFFFF elements a page. */
    static final int MAX_KEY_SIZE = 32768;
    static final int MAX_VALUE_SIZE = (1 << 31) - 2;
    static final int MAX_PAGE_ELEMENTS = 0xFFFE;

    /** bolt's newer releases may skip the freelist: its page id is then all ones. */
    static final long NO_FREELIST = -1L;

    static final Comparator<byte[]> KEY_ORDER = Arrays::compareUnsigned;

    private BoltFormat() {
    }

    /** FNV-1a 64-bit, as Go's hash/fnv New64a. */
    static long fnv1a64(byte[] data, int off, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) {
            h ^= data[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static boolean isPlausiblePageSize(long size) {
        return size >= 512 && size <= (1 << 20) && Long.bitCount(size) == 1;
    }

    /** Renders a key for an error message: printable ASCII as text, anything else as hex. */
    static String printable(byte[] key) {
        boolean text = key.length > 0;
        for (byte b : key) {
            if (b < 0x20 || b > 0x7e) {
                text = false;
                break;
            }
        }
        if (text) {
            return key.length > 64 ? new String(key, 0, 64, java.nio.charset.StandardCharsets.US_ASCII) + "…"
                    : new String(key, java.nio.charset.StandardCharsets.US_ASCII);
        }
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < Math.min(key.length, 32); i++) {
            sb.append(String.format("%02x", key[i] & 0xff));
        }
        if (key.length > 32) {
            sb.append('…');
        }
        return sb.toString();
    }
}
