package io.influxupgrade.commands.bolt;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.bolt.BoltTestTrees.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutated BoltDB files (fixed seed): each case either reads completely or throws {@link UpgradeException},
 * never another exception and never a hang. Mutations aim at the structure (page headers, element arrays,
 * bucket headers, meta fields with a re-computed checksum) as well as at random bytes and truncation.
 */
class BoltFuzzTest {

    private static final int PS = 1024;
    private static final int CASES = 1500;

    @TempDir
    Path dir;

    @Test
    void mutatedFilesReadFullyOrFailCleanly() {
        // A guard against hangs, not a speed requirement: the whole run normally takes a few seconds.
        assertTimeoutPreemptively(Duration.ofMinutes(5), this::run);
    }

    private void run() throws Exception {
        Model model = new Model();
        Model logs = model.bucket("logs");
        for (long i = 1; i <= 400; i++) {
            logs.put(BoltTestTrees.be64(i), BoltTestTrees.utf8("entry-" + i));
        }
        model.bucket("conf").put("CurrentTerm", BoltTestTrees.be64(4));
        Model nest = model.bucket("nest");
        for (int i = 0; i < 6; i++) {
            Model s = nest.bucket("s" + i);
            for (int j = 0; j < i * 15; j++) {
                s.put("k" + j, new byte[j]);
            }
            s.bucket("inner").put("x", new byte[] {1});
        }
        model.bucket("big").put("v", new byte[5000]);
        byte[] valid = BoltTestTrees.write(PS, model);
        long expected = model.totalEntries();

        Random r = new Random(20261125L);
        int parsed = 0;
        int failed = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] bytes = mutate(valid, r);
            Path f = dir.resolve("case" + c + ".db");
            Files.write(f, bytes);
            try (BoltFile b = BoltFile.open(f)) {
                long n = BoltTestTrees.walkAll(b.root());
                assertThat(n).isNotNegative();
                parsed++;
            } catch (UpgradeException e) {
                assertThat(e.getMessage()).doesNotContain("\n").startsWith(f.toString());
                failed++;
            } catch (Throwable t) {
                fail("case " + c + ": " + t, t);
            }
            Files.delete(f);
        }
        try (BoltFile b = BoltFile.open(write(valid))) {
            assertThat(BoltTestTrees.walkAll(b.root())).isEqualTo(expected);
        }
        assertThat(parsed).as("some mutations leave a readable file").isGreaterThan(CASES / 20);
        assertThat(failed).as("some mutations are detected").isGreaterThan(CASES / 20);
    }

    private Path write(byte[] bytes) throws Exception {
        Path f = dir.resolve("valid.db");
        Files.write(f, bytes);
        return f;
    }

    private static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int pages = b.length / PS;
        switch (r.nextInt(8)) {
            case 0 -> { // random bit flips anywhere
                for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // truncation
                return Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 2 -> { // a tree page header: id, flags, count or overflow
                int page = 3 + r.nextInt(pages - 3);
                int field = new int[] {0, 8, 10, 12}[r.nextInt(4)];
                int at = page * PS + field;
                switch (field) {
                    case 0 -> buf.putLong(at, interesting(r));
                    case 8, 10 -> buf.putShort(at, (short) interesting(r));
                    default -> buf.putInt(at, (int) interesting(r));
                }
            }
            case 3 -> { // an element of a tree page: pos, ksize, vsize, flags or child pgid
                int page = 3 + r.nextInt(pages - 3);
                int count = Short.toUnsignedInt(buf.getShort(page * PS + 10));
                int el = page * PS + 16 + 16 * r.nextInt(Math.max(1, Math.min(count, (PS - 16) / 16)));
                int off = 4 * r.nextInt(4);
                if (r.nextBoolean() && off % 8 == 0) {
                    buf.putLong(el + off, interesting(r));
                } else {
                    buf.putInt(el + off, (int) interesting(r));
                }
            }
            case 4 -> { // a meta field, with the checksum recomputed so the mutation gets past it
                int page = r.nextInt(2);
                int at = page * PS + 16 + 8 * (1 + r.nextInt(6));
                if (r.nextBoolean()) {
                    buf.putLong(at, interesting(r));
                } else {
                    buf.putInt(at + 4 * r.nextInt(2), (int) interesting(r));
                }
                if (r.nextInt(4) > 0) {
                    fixChecksum(b, page);
                }
            }
            case 5 -> { // both meta pages point at a random page as root, checksums fixed
                long root = r.nextInt(pages + 2);
                for (int page = 0; page < 2; page++) {
                    buf.putLong(page * PS + 32, root);
                    fixChecksum(b, page);
                }
            }
            case 6 -> { // a child pointer redirected to an earlier page (cycles, shared pages)
                int page = 3 + r.nextInt(pages - 3);
                int count = Short.toUnsignedInt(buf.getShort(page * PS + 10));
                if (count > 0 && count < PS / 16) {
                    int el = page * PS + 16 + 16 * r.nextInt(count);
                    buf.putLong(el + 8, 3 + r.nextInt(pages - 3));
                }
                for (int i = 0, n = r.nextInt(3); i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            default -> { // a burst of random bytes inside one page
                int page = 2 + r.nextInt(pages - 2);
                int at = page * PS + r.nextInt(PS - 8);
                for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    private static long interesting(Random r) {
        long[] values = {0, 1, 2, 3, 0xFF, 0xFFFF, 0x7FFF, 0x7FFFFFFFL, 0xFFFFFFFFL, -1L, Long.MAX_VALUE,
            Long.MIN_VALUE, 4096, 1 << 20};
        return r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(4) == 0 ? r.nextInt(64) : values[r.nextInt(values.length)];
    }

    private static void fixChecksum(byte[] b, int page) {
        int m = page * PS + 16;
        long h = 0xcbf29ce484222325L;
        for (int i = m; i < m + 56; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
        }
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(m + 56, h);
    }
}
