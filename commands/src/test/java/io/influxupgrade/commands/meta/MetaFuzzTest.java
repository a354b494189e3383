package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutates valid metastore files (bit flips, byte stores, truncation, corrupted length prefixes) with a fixed
 * seed: every case must either parse or throw UpgradeException with a one-line message naming the file.
 * The base files are written by our codec; real files from /work/shared/fixtures are added when present.
 */
class MetaFuzzTest {

    private static final long SEED = 0x5EEDL;
    private static final int CASES_PER_BASE = 400;

    @TempDir
    Path tmp;

    record Base(String name, byte[] bytes, List<Integer> lengthOffsets) {
    }

    @Test
    void mutatedFilesEitherParseOrFailWithOneLine() throws Exception {
        List<Base> bases = new ArrayList<>();
        byte[] metaDb = MetaStoreCodec.encode(MetaFixtures.awkward());
        bases.add(new Base("meta.db", metaDb, protobufLengthOffsets(metaDb)));
        byte[] legacy = LegacyBackupFormat.encode(MetaFixtures.awkward());
        bases.add(new Base("meta.00", legacy, List.of(8, 16 + metaDb.length)));
        byte[] portable = MetaStoreCodec.encodePortable(MetaFixtures.awkward());
        bases.add(new Base("20261125T185700Z.meta", portable, List.of(1, 2)));
        addRealFixtures(bases);

        Random r = new Random(SEED);
        int cases = 0;
        int parsed = 0;
        for (Base base : bases) {
            for (int i = 0; i < CASES_PER_BASE; i++) {
                byte[] m = mutate(base, r);
                Path dir = Files.createDirectories(tmp.resolve("c" + cases));
                Path file = dir.resolve(base.name());
                Files.write(file, m);
                if (base.name().equals("meta.db")) {
                    assertBothDecodersAgree(m, file.toString());
                }
                try {
                    MetaSnapshot s = MetaSources.read(file);
                    assertThat(s.data()).isNotNull();
                    parsed++;
                } catch (UpgradeException e) {
                    assertThat(e.getMessage()).as("case %d of %s", i, base.name()).contains(file.toString()).doesNotContain("\n");
                    assertThat(e.kind()).isIn(UpgradeException.Kind.FAILED, UpgradeException.Kind.UNAVAILABLE);
                } catch (Throwable t) {
                    fail("case " + i + " of " + base.name() + " (" + file + ") threw " + t, t);
                }
                cases++;
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(1_000);
        assertThat(parsed).as("some mutations (e.g. in string bytes) still parse").isGreaterThan(0).isLessThan(cases);
    }

    /** The fast decoder and the generated protobuf parser (the reference) accept and reject the same inputs, with equal data. */
    static void assertBothDecodersAgree(byte[] bytes, String what) {
        MetaData fast = null;
        MetaData reference = null;
        UpgradeException fastError = null;
        UpgradeException referenceError = null;
        try {
            fast = MetaStoreCodec.decode(bytes, what);
        } catch (UpgradeException e) {
            fastError = e;
        }
        try {
            reference = MetaStoreCodec.decodeWithGeneratedParser(bytes, what).data();
        } catch (UpgradeException e) {
            referenceError = e;
        }
        assertThat(fastError == null).as("fast: %s / reference: %s", fastError, referenceError).isEqualTo(referenceError == null);
        assertThat(fast).isEqualTo(reference);
    }

    @Test
    void bothDecodersAgreeOnTheFixtures() {
        assertBothDecodersAgree(MetaStoreCodec.encode(MetaFixtures.awkward()), "awkward");
        assertBothDecodersAgree(MetaStoreCodec.encodeWithNodes(MetaFixtures.raftEra()), "raft");
        assertThat(MetaStoreCodec.decode(MetaStoreCodec.encodeWithNodes(MetaFixtures.raftEra()), "raft")).isEqualTo(MetaFixtures.raftEra());
    }

    private static byte[] mutate(Base base, Random r) {
        byte[] b = base.bytes().clone();
        switch (r.nextInt(5)) {
            case 0 -> { // bit flips
                int flips = 1 + r.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    int pos = r.nextInt(b.length);
                    b[pos] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncation
            case 2 -> { // corrupted length prefix
                int off = base.lengthOffsets().get(r.nextInt(base.lengthOffsets().size()));
                if (base.name().startsWith("meta.0")) {
                    long v = switch (r.nextInt(4)) {
                        case 0 -> -1L;
                        case 1 -> Long.MAX_VALUE;
                        case 2 -> r.nextInt(b.length * 2);
                        default -> ByteBuffer.wrap(b).getLong(off) + (r.nextBoolean() ? 1 : -1);
                    };
                    ByteBuffer.wrap(b).putLong(off, v);
                } else if (off < b.length) {
                    b[off] = (byte) r.nextInt(256);
                }
            }
            case 3 -> { // random bytes stored over a run
                int pos = r.nextInt(b.length);
                int len = Math.min(b.length - pos, 1 + r.nextInt(16));
                for (int k = 0; k < len; k++) {
                    b[pos + k] = (byte) r.nextInt(256);
                }
            }
            default -> { // a slice removed from the middle
                int pos = r.nextInt(b.length);
                int len = Math.min(b.length - pos, 1 + r.nextInt(32));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, pos);
                System.arraycopy(b, pos + len, out, pos, b.length - pos - len);
                b = out;
            }
        }
        return b;
    }

    /** Offsets of the bytes right after every length-delimited tag at top level and one level down (coarse but real). */
    private static List<Integer> protobufLengthOffsets(byte[] b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0x07) == 2 && (b[i] & 0xff) >>> 3 >= 1 && (b[i] & 0xff) >>> 3 <= 11) {
                out.add(i + 1);
            }
        }
        return out.isEmpty() ? List.of(1) : out;
    }

    private static void addRealFixtures(List<Base> bases) throws Exception {
        Path root = Path.of("/work/shared/fixtures");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root, 6)) {
            for (Path p : s.filter(Files::isRegularFile).limit(10_000).toList()) {
                String n = p.getFileName().toString();
                if ((n.equals("meta.db") || n.matches("meta\\.\\d+")) && Files.size(p) < (1 << 20) && bases.size() < 6) {
                    byte[] bytes = Files.readAllBytes(p);
                    bases.add(new Base(n, bytes, n.equals("meta.db") ? protobufLengthOffsets(bytes) : List.of(8)));
                }
            }
        }
    }
}
