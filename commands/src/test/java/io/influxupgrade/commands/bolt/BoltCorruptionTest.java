package io.influxupgrade.commands.bolt;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.influxupgrade.commands.bolt.BoltTestTrees.be64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-made corruptions that must end in a one-line FAILED naming the file, never in a loop. */
class BoltCorruptionTest {

    private static final int PS = 4096;

    @TempDir
    Path dir;

    private static long rootOf(byte[] bytes, Path scratch, String... path) throws Exception {
        Files.write(scratch, bytes);
        try (BoltFile f = BoltFile.open(scratch)) {
            BoltBucket b = f.root();
            for (String p : path) {
                b = b.bucket(p);
            }
            return b.rootPgid();
        }
    }

    /** Replaces the first little-endian occurrence of {@code from} inside page {@code page}. */
    private static void replaceInPage(byte[] bytes, long page, long from, long to) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = (int) (page * PS) + 16; at < (page + 1) * PS - 8; at++) {
            if (b.getLong(at) == from) {
                b.putLong(at, to);
                return;
            }
        }
        throw new AssertionError("value " + from + " not found in page " + page);
    }

    private static void assertFailed(Path file, ThrowingRunnable r, String fragment) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
            assertThat(e.getMessage()).startsWith(file + ": ").contains(fragment).doesNotContain("\n");
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void subBucketWhoseRootIsItsParentsRootIsACycle() throws Exception {
        BoltWriter w = new BoltWriter(PS);
        BoltWriter.Node a = w.root().bucket("a");
        a.bucket("b").put("pad", new byte[PS / 2]);   // a has a sub-bucket and b is too big to inline: both paged
        byte[] bytes = w.toBytes();
        long rootA = rootOf(bytes, dir.resolve("scratch"), "a");
        long rootB = rootOf(bytes, dir.resolve("scratch"), "a", "b");
        assertThat(rootA).isPositive();
        assertThat(rootB).isPositive();
        replaceInPage(bytes, rootA, rootB, rootA);
        Path f = dir.resolve("cycle.db");
        Files.write(f, bytes);
        try (BoltFile file = BoltFile.open(f)) {
            assertFailed(f, () -> file.root().bucket("a").bucket("b"), "root of an enclosing bucket");
        }
    }

    @Test
    void branchPageThatPointsAtItselfIsCaught() throws Exception {
        BoltWriter w = new BoltWriter(PS);
        BoltWriter.Node logs = w.root().bucket("logs");
        for (long i = 1; i <= 5000; i++) {
            logs.put(be64(i), new byte[20]);
        }
        byte[] bytes = w.toBytes();
        Path scratch = dir.resolve("scratch");
        long root = rootOf(bytes, scratch, "logs");
        long firstChild;
        try (BoltFile file = BoltFile.open(scratch)) {
            BoltPage p = file.page(root, "test");
            assertThat(p.isLeaf()).isFalse();
            firstChild = p.childPgid(0);
        }
        replaceInPage(bytes, root, firstChild, root);
        Path f = dir.resolve("loop.db");
        Files.write(f, bytes);
        try (BoltFile file = BoltFile.open(f)) {
            BoltBucket b = file.root().bucket("logs");
            assertFailed(f, b::count, "referenced twice");
            assertFailed(f, () -> b.get(be64(1)), "deeper than");
        }
    }

    @Test
    void elementLengthBeyondItsPageIsCaught() throws Exception {
        BoltWriter w = new BoltWriter(PS);
        BoltWriter.Node b = w.root().bucket("b");
        b.put("key", new byte[1500]);
        b.put("other", new byte[1500]);
        byte[] bytes = w.toBytes();
        long root = rootOf(bytes, dir.resolve("scratch"), "b");
        // vsize of the first element of b's leaf: page header 16 + flags 4 + pos 4 + ksize 4.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (root * PS) + 16 + 12, Integer.MAX_VALUE);
        Path f = dir.resolve("len.db");
        Files.write(f, bytes);
        try (BoltFile file = BoltFile.open(f)) {
            assertFailed(f, () -> file.root().bucket("b").keys(), "points outside its page");
        }
    }
}
