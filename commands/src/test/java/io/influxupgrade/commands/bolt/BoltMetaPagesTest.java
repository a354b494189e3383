package io.influxupgrade.commands.bolt;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.influxupgrade.commands.bolt.BoltTestTrees.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoltMetaPagesTest {

    private static final int PS = 4096;

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] sample(long txId) {
        BoltWriter w = new BoltWriter(PS).txId(txId);
        w.root().bucket("conf").put("CurrentTerm", BoltTestTrees.be64(9));
        return w.toBytes();
    }

    private static long txAt(byte[] bytes, int page) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(page * PS + 64);
    }

    @Test
    void newerValidMetaPageWins() throws Exception {
        for (long tx : new long[] {1, 2, 1001, 1002}) {
            byte[] bytes = sample(tx);
            try (BoltFile f = BoltFile.open(file("tx" + tx, bytes))) {
                assertThat(f.txId()).isEqualTo(tx);
                assertThat(f.describe().metaPage()).isEqualTo((int) (tx % 2));
                assertThat(f.describe().otherMetaValid()).isTrue();
            }
        }
    }

    @Test
    void corruptChecksumOnTheNewerMetaFallsBackToTheOther() throws Exception {
        for (int page = 0; page < 2; page++) {
            byte[] bytes = sample(6);
            long other = txAt(bytes, 1 - page);
            bytes[page * PS + 72] ^= 0x01; // checksum byte
            try (BoltFile f = BoltFile.open(file("bad" + page, bytes))) {
                assertThat(f.describe().metaPage()).isEqualTo(1 - page);
                assertThat(f.txId()).isEqualTo(other);
                assertThat(f.describe().otherMetaValid()).isFalse();
                assertThat(f.root().bucket("conf").get(utf8("CurrentTerm"))).isEqualTo(BoltTestTrees.be64(9));
            }
        }
    }

    @Test
    void changedMetaFieldWithoutChecksumUpdateIsDetected() throws Exception {
        byte[] bytes = sample(4); // txid 4 on page 0
        bytes[32] ^= 0x01;        // root page id of meta 0
        try (BoltFile f = BoltFile.open(file("field", bytes))) {
            assertThat(f.describe().metaPage()).isEqualTo(1);
            assertThat(f.txId()).isEqualTo(3);
        }
    }

    @Test
    void bothMetaPagesInvalidIsAOneLineFailure() throws Exception {
        byte[] bytes = sample(3);
        bytes[72] ^= 1;
        bytes[PS + 72] ^= 1;
        Path f = file("both", bytes);
        assertThatThrownBy(() -> BoltFile.open(f))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
                    assertThat(e.getMessage()).startsWith(f + ": ").contains("meta 0: checksum mismatch")
                            .contains("meta 1: checksum mismatch").doesNotContain("\n");
                });
    }

    @Test
    void notBoltFilesAreNamedAsSuch() throws Exception {
        byte[] text = new byte[PS * 4];
        java.util.Arrays.fill(text, (byte) 'x');
        Path f = file("text", text);
        assertThat(BoltFile.looksLikeBolt(f)).isFalse();
        assertThatThrownBy(() -> BoltFile.open(f)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
            assertThat(e.getMessage()).isEqualTo(f + ": not a BoltDB file (bad magic)");
        });
        Path empty = file("empty", new byte[0]);
        assertThat(BoltFile.looksLikeBolt(empty)).isFalse();
        assertThatThrownBy(() -> BoltFile.open(empty)).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED));
    }

    @Test
    void unreadableFilesAreUnavailable() {
        Path missing = dir.resolve("missing.db");
        assertThat(BoltFile.looksLikeBolt(missing)).isFalse();
        assertThat(BoltFile.looksLikeBolt(dir)).isFalse();
        assertThatThrownBy(() -> BoltFile.open(missing)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains(missing.toString());
        });
    }

    @Test
    void truncatedFileNamesTheMissingPage() throws Exception {
        byte[] full = sample(2);
        byte[] cut = java.util.Arrays.copyOf(full, 3 * PS); // metas and freelist only
        Path f = file("cut", cut);
        assertThat(BoltFile.looksLikeBolt(f)).isTrue();
        try (BoltFile b = BoltFile.open(f)) {
            assertThatThrownBy(() -> b.root().keys()).isInstanceOfSatisfying(UpgradeException.class,
                    e -> assertThat(e.getMessage()).startsWith(f + ": ").contains("truncated"));
        }
    }
}
