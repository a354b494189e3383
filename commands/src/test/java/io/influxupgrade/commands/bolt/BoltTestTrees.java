package io.influxupgrade.commands.bolt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An independent model of a bucket tree for tests: it fills a {@link BoltWriter} and compares a
 * {@link BoltBucket} against itself, so expectations never come from the code under test.
 */
final class BoltTestTrees {

    /** A bucket in the model: byte[] values or nested {@code Model}s, in unsigned byte order. */
    static final class Model {
        final TreeMap<byte[], Object> entries = new TreeMap<>(Arrays::compareUnsigned);

        Model put(byte[] k, byte[] v) {
            entries.put(k, v);
            return this;
        }

        Model put(String k, byte[] v) {
            return put(utf8(k), v);
        }

        Model bucket(byte[] k) {
            return (Model) entries.computeIfAbsent(k, x -> new Model());
        }

        Model bucket(String k) {
            return bucket(utf8(k));
        }

        long totalEntries() {
            long n = entries.size();
            for (Object o : entries.values()) {
                if (o instanceof Model m) {
                    n += m.totalEntries();
                }
            }
            return n;
        }
    }

    private BoltTestTrees() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static void fill(BoltWriter.Node node, Model model) {
        for (Map.Entry<byte[], Object> e : model.entries.entrySet()) {
            if (e.getValue() instanceof Model m) {
                fill(node.bucket(e.getKey()), m);
            } else {
                node.put(e.getKey(), (byte[]) e.getValue());
            }
        }
    }

    static byte[] write(int pageSize, Model root) {
        BoltWriter w = new BoltWriter(pageSize);
        fill(w.root(), root);
        return w.toBytes();
    }

    /** Asserts that {@code bucket} holds exactly the model, through every access path of the API. */
    static void assertSame(BoltBucket bucket, Model model) {
        String where = bucket.path();
        var keys = bucket.keys();
        if (keys.size() != model.entries.size()) {
            throw new AssertionError(where + ": " + keys.size() + " keys, expected " + model.entries.size());
        }
        if (bucket.count() != model.entries.size()) {
            throw new AssertionError(where + ": count " + bucket.count() + ", expected " + model.entries.size());
        }
        int i = 0;
        for (Map.Entry<byte[], Object> e : model.entries.entrySet()) {
            if (!Arrays.equals(keys.get(i++), e.getKey())) {
                throw new AssertionError(where + ": key " + (i - 1) + " differs");
            }
            boolean isBucket = e.getValue() instanceof Model;
            if (bucket.isBucket(e.getKey()) != isBucket) {
                throw new AssertionError(where + ": isBucket differs for key " + (i - 1));
            }
            if (isBucket) {
                if (bucket.get(e.getKey()) != null) {
                    throw new AssertionError(where + ": get() of a bucket key must be null");
                }
                assertSame(bucket.bucket(e.getKey()), (Model) e.getValue());
            } else {
                if (!Arrays.equals(bucket.get(e.getKey()), (byte[]) e.getValue())) {
                    throw new AssertionError(where + ": value differs for key " + (i - 1));
                }
                if (bucket.bucket(e.getKey()) != null) {
                    throw new AssertionError(where + ": bucket() of a value key must be null");
                }
            }
        }
        var it = model.entries.entrySet().iterator();
        bucket.forEach((k, v) -> {
            var e = it.next();
            if (!Arrays.equals(k, e.getKey())) {
                throw new AssertionError(where + ": forEach key order differs");
            }
            if (e.getValue() instanceof Model ? v != null : !Arrays.equals(v, (byte[]) e.getValue())) {
                throw new AssertionError(where + ": forEach value differs");
            }
        });
        if (it.hasNext()) {
            throw new AssertionError(where + ": forEach stopped early");
        }
    }

    /** Walks every bucket and value, the way a caller that reads a whole file would. Returns the entry count. */
    static long walkAll(BoltBucket bucket) {
        long[] n = {0};
        bucket.forEach((k, v) -> {
            n[0]++;
            if (v == null) {
                BoltBucket child = bucket.bucket(k);
                if (child != null) {
                    n[0] += walkAll(child);
                }
            } else {
                bucket.get(k);
            }
        });
        return n[0];
    }

    /** A tree with every feature: nested, inline and paged buckets, empty buckets, big values, binary keys. */
    static Model richModel(long seed) {
        Random r = new Random(seed);
        Model root = new Model();
        Model meta = root.bucket("meta");
        meta.put("format", utf8("bz1"));
        root.bucket("empty");
        Model big = root.bucket("big");
        big.put("huge", randomBytes(r, 100_000));
        big.put("tiny", new byte[0]);
        for (int i = 0; i < 30; i++) {
            big.put("v" + i, randomBytes(r, r.nextInt(9000)));
        }
        Model nest = root.bucket("nest");
        for (int i = 0; i < 12; i++) {
            Model s = nest.bucket(String.format("sub%02d", i));
            for (int j = 0; j < i * i * 3; j++) {
                s.put("k" + j, randomBytes(r, r.nextInt(40)));
            }
            s.bucket("deeper").bucket("deepest").put("x", randomBytes(r, i * 200));
            s.bucket("emptychild");
        }
        Model bin = root.bucket(new byte[] {0, (byte) 0xff, 1});
        for (int i = 0; i < 2000; i++) {
            byte[] k = randomBytes(r, 1 + r.nextInt(24));
            bin.put(k, k);
        }
        bin.put(new byte[] {(byte) 0xff, (byte) 0xff}, utf8("last"));
        bin.put(new byte[] {0}, utf8("first"));
        return root;
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
