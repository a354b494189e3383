package io.influxupgrade.commands.shard;

/** An open-addressing set of 64-bit hashes (8 bytes per element), used to count distinct series keys cheaply. */
final class LongHashSet {

    private long[] table = new long[16];
    private int size;
    private boolean hasZero;

    /** Adds {@code v}; returns true when it was not present. */
    boolean add(long v) {
        if (v == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            return true;
        }
        if ((size + 1) * 2 > table.length) {
            grow();
        }
        int mask = table.length - 1;
        int i = mix(v) & mask;
        while (true) {
            long t = table[i];
            if (t == 0) {
                table[i] = v;
                size++;
                return true;
            }
            if (t == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    void addAll(LongHashSet other) {
        if (other.hasZero) {
            add(0);
        }
        for (long v : other.table) {
            if (v != 0) {
                add(v);
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
    }

    private static int mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        return (int) v;
    }
}
