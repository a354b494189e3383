package io.influxupgrade.commands.meta;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The little msgpack that raft-boltdb's go-msgpack wrote: unsigned ints in their smallest form, byte strings as old raw types. */
final class Msgpack {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] rawStringArray(List<String> items) {
        Msgpack m = new Msgpack();
        m.arrayHeader(items.size());
        for (String s : items) {
            m.raw(s.getBytes(StandardCharsets.UTF_8));
        }
        return m.bytes();
    }

    /** A raft.Log as go-msgpack encodes the struct: a map of Index, Term, Type, Data. */
    static byte[] raftLog(long index, long term, int type, byte[] data) {
        Msgpack m = new Msgpack();
        m.out.write(0x84);
        m.raw("Index".getBytes(StandardCharsets.US_ASCII));
        m.uint(index);
        m.raw("Term".getBytes(StandardCharsets.US_ASCII));
        m.uint(term);
        m.raw("Type".getBytes(StandardCharsets.US_ASCII));
        m.uint(type);
        m.raw("Data".getBytes(StandardCharsets.US_ASCII));
        m.raw(data);
        return m.bytes();
    }

    void arrayHeader(int n) {
        if (n < 16) {
            out.write(0x90 | n);
        } else if (n < 65536) {
            out.write(0xdc);
            be(n, 2);
        } else {
            out.write(0xdd);
            be(n, 4);
        }
    }

    void uint(long v) {
        if (v >= 0 && v < 128) {
            out.write((int) v);
        } else if (v >= 0 && v < 256) {
            out.write(0xcc);
            be(v, 1);
        } else if (v >= 0 && v < 65536) {
            out.write(0xcd);
            be(v, 2);
        } else if (v >= 0 && v < (1L << 32)) {
            out.write(0xce);
            be(v, 4);
        } else {
            out.write(0xcf);
            be(v, 8);
        }
    }

    void raw(byte[] b) {
        if (b.length < 32) {
            out.write(0xa0 | b.length);
        } else if (b.length < 65536) {
            out.write(0xda);
            be(b.length, 2);
        } else {
            out.write(0xdb);
            be(b.length, 4);
        }
        out.write(b, 0, b.length);
    }

    private void be(long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
