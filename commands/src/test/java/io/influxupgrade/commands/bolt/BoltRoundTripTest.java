package io.influxupgrade.commands.bolt;

import io.influxupgrade.commands.bolt.BoltTestTrees.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.influxupgrade.commands.bolt.BoltTestTrees.be64;
import static io.influxupgrade.commands.bolt.BoltTestTrees.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoltRoundTripTest {

    @TempDir
    Path dir;

    private BoltFile open(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return BoltFile.open(f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 4096, 65536})
    void richTreeRoundTripsAtEveryPageSize(int pageSize) throws Exception {
        Model model = BoltTestTrees.richModel(42);
        try (BoltFile f = open("rich.db", BoltTestTrees.write(pageSize, model))) {
            assertThat(f.pageSize()).isEqualTo(pageSize);
            BoltTestTrees.assertSame(f.root(), model);
            assertThat(BoltTestTrees.walkAll(f.root())).isEqualTo(model.totalEntries());
        }
    }

    @Test
    void twentyThousandKeysNeedBranchPages() throws Exception {
        Model model = new Model();
        Model logs = model.bucket("logs");
        for (long i = 1; i <= 20_000; i++) {
            logs.put(be64(i), utf8("entry-" + i));
        }
        try (BoltFile f = open("many.db", BoltTestTrees.write(4096, model))) {
            BoltBucket b = f.root().bucket("logs");
            assertThat(b.isInline()).isFalse();
            assertThat(f.page(b.rootPgid(), "test").isLeaf()).as("root of 20,000 keys is a branch page").isFalse();
            BoltTestTrees.assertSame(f.root(), model);
            assertThat(b.get(be64(12_345))).isEqualTo(utf8("entry-12345"));
            assertThat(b.get(be64(0))).isNull();
            assertThat(b.get(be64(20_001))).isNull();
        }
    }

    @Test
    void smallBucketsAreInlineAndLargerOnesGetPages() throws Exception {
        // Inline iff leaf size (16-byte page header + 16 per element + keys + values) <= pageSize / 4.
        int pageSize = 4096;
        Model model = new Model();
        model.bucket("fits").put("k", new byte[pageSize / 4 - 16 - 16 - 1]);
        model.bucket("onebytemore").put("k", new byte[pageSize / 4 - 16 - 16]);
        model.bucket("withchild").bucket("child");
        model.bucket("empty");
        try (BoltFile f = open("inline.db", BoltTestTrees.write(pageSize, model))) {
            assertThat(f.root().bucket("fits").isInline()).isTrue();
            assertThat(f.root().bucket("onebytemore").isInline()).isFalse();
            assertThat(f.root().bucket("withchild").isInline()).as("a bucket with sub-buckets is never inline").isFalse();
            assertThat(f.root().bucket("withchild").bucket("child").isInline()).isTrue();
            assertThat(f.root().bucket("empty").isInline()).isTrue();
            assertThat(f.root().bucket("empty").count()).isZero();
            assertThat(f.root().bucket("empty").keys()).isEmpty();
            BoltTestTrees.assertSame(f.root(), model);
        }
    }

    @Test
    void largeValuesAndMaximumKeysUseOverflowPages() throws Exception {
        Random r = new Random(7);
        Model model = new Model();
        Model big = model.bucket("big");
        big.put("a", BoltTestTrees.randomBytes(r, 1_000_000));
        big.put("b", BoltTestTrees.randomBytes(r, 4096 - 32 - 1)); // exactly one page with its header and element
        Model keys = model.bucket("bigkeys");
        for (int i = 0; i < 12; i++) {
            keys.put(BoltTestTrees.randomBytes(r, i == 0 ? 32768 : 1000 * i), new byte[] {(byte) i});
        }
        byte[] bytes = BoltTestTrees.write(4096, model);
        assertThat(bytes.length).isGreaterThan(1_000_000).isEqualTo(bytes.length / 4096 * 4096);
        try (BoltFile f = open("big.db", bytes)) {
            BoltTestTrees.assertSame(f.root(), model);
        }
    }

    @Test
    void pagesStraddlingMappingWindowsAreReadCorrectly() throws Exception {
        Model model = BoltTestTrees.richModel(3);
        Path file = dir.resolve("windows.db");
        Files.write(file, BoltTestTrees.write(4096, model));
        try (BoltFile f = BoltFile.open(file, 8192)) {
            BoltTestTrees.assertSame(f.root(), model);
        }
    }

    @Test
    void writerLaysOutMetaFreelistAndPagesAsBoltDoes() throws Exception {
        BoltWriter w = new BoltWriter(4096).txId(7);
        w.root().bucket("b").put("k", utf8("v"));
        byte[] bytes = w.toBytes();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.length % 4096).isZero();
        long pages = bytes.length / 4096;
        for (int page = 0; page < 2; page++) {
            int at = page * 4096;
            assertThat(b.getLong(at)).as("meta page id").isEqualTo(page);
            assertThat(b.getShort(at + 8)).as("meta flag").isEqualTo((short) 0x04);
            assertThat(new byte[] {bytes[at + 16], bytes[at + 17], bytes[at + 18], bytes[at + 19]})
                    .isEqualTo(new byte[] {(byte) 0xED, (byte) 0xDA, 0x0C, (byte) 0xED});
            assertThat(b.getInt(at + 20)).as("version").isEqualTo(2);
            assertThat(b.getInt(at + 24)).as("page size").isEqualTo(4096);
            assertThat(b.getLong(at + 48)).as("freelist page").isEqualTo(2);
            assertThat(b.getLong(at + 56)).as("high-water mark = pages in the file").isEqualTo(pages);
            assertThat(b.getLong(at + 64) % 2).as("txid parity matches the meta page").isEqualTo(page);
            assertThat(b.getLong(at + 72)).as("checksum").isEqualTo(fnv1a64(bytes, at + 16, 56));
        }
        assertThat(b.getLong(2 * 4096)).isEqualTo(2);
        assertThat(b.getShort(2 * 4096 + 8)).as("freelist flag").isEqualTo((short) 0x10);
        assertThat(b.getShort(2 * 4096 + 10)).as("no free pages").isZero();
        for (long p = 3; p < pages; p++) {
            assertThat(b.getLong((int) (p * 4096))).as("tree page header id").isEqualTo(p);
        }
        try (BoltFile f = open("layout.db", bytes)) {
            assertThat(f.txId()).isEqualTo(7);
            assertThat(f.describe().highWaterPage()).isEqualTo(pages);
        }
    }

    @Test
    void fnvMatchesPublishedVectors() {
        assertThat(BoltFormat.fnv1a64(new byte[0], 0, 0)).isEqualTo(0xcbf29ce484222325L);
        assertThat(BoltFormat.fnv1a64(utf8("a"), 0, 1)).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(BoltFormat.fnv1a64(utf8("foobar"), 0, 6)).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void writerRejectsWhatBoltRejects() {
        BoltWriter w = new BoltWriter(4096);
        assertThatThrownBy(() -> w.root().put(new byte[0], new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.root().put(new byte[32769], new byte[1])).isInstanceOf(IllegalArgumentException.class);
        w.root().bucket("b");
        assertThatThrownBy(() -> w.root().put("b", new byte[1])).isInstanceOf(IllegalArgumentException.class);
        w.root().put("v", new byte[1]);
        assertThatThrownBy(() -> w.root().bucket("v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoltWriter(3000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeToReplacesTheFileAtomically() throws Exception {
        Path file = dir.resolve("sub/raft.db");
        BoltWriter w = new BoltWriter(4096);
        w.root().bucket("conf").put("CurrentTerm", be64(1));
        w.writeTo(file);
        w.root().bucket("conf").put("CurrentTerm", be64(2));
        w.writeTo(file);
        assertThat(BoltFile.looksLikeBolt(file)).isTrue();
        try (BoltFile f = BoltFile.open(file)) {
            assertThat(f.root().bucket("conf").get(utf8("CurrentTerm"))).isEqualTo(be64(2));
        }
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    private static long fnv1a64(byte[] data, int off, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
