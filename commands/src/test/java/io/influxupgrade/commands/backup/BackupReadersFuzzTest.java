package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutations (bit flips, truncations, corrupted length prefixes) of a valid meta.NN, a valid shard tar and a
 * valid manifest: every case parses or throws UpgradeException, never anything else.
 */
class BackupReadersFuzzTest {

    @TempDir
    Path tmp;

    final Random rnd = new Random(20261125);

    byte[] mutate(byte[] valid, int i) {
        byte[] b = valid.clone();
        switch (i % 4) {
            case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 2 -> { // a corrupted length prefix (meta.NN: at 8 or at 16 + L1; tar: the size field)
                int at = rnd.nextBoolean() ? 8 : Math.min(b.length - 8, 16 + (int) ByteBuffer.wrap(valid).getLong(8) % Math.max(1, b.length));
                if (at >= 0 && at + 8 <= b.length) {
                    ByteBuffer.wrap(b).putLong(at, rnd.nextLong());
                }
            }
            default -> {
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
                }
            }
        }
        return b;
    }

    /**
     * Every mutation is either refused with a one-line error naming the file, or decodes to a metastore that
     * round-trips; a truncated file is always refused (its length prefixes no
     * longer fit).
     */
    @Test
    void legacyBackupReaderOnlyEverThrowsUpgradeException() throws Exception {
        MetastoreCodecPort[] codecs = {MetastoreCodecs.defaultCodec()};
        MetastoreCodecPort codec = MetastoreCodecs.defaultCodec();
        byte[] valid = codec.encodeLegacyBackup(codec.decodeData(TestMeta.data(9, 4, 3), "t"));
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] b = mutate(valid, i);
            Path f = tmp.resolve("meta.00");
            Files.write(f, b);
            for (MetastoreCodecPort c : codecs) {
                boolean ok;
                try {
                    MetastoreImage s = c.readLegacyBackup(f);
                    // what a reader accepts must be a metastore it can write back and read again unchanged
                    Path again = tmp.resolve("again.00");
                    Files.write(again, c.encodeLegacyBackup(s));
                    assertThat(c.diff(s, c.readLegacyBackup(again))).as("mutation " + i).isEmpty();
                    ok = true;
                    parsed++;
                } catch (UpgradeException e) {
                    assertThat(e.getMessage()).contains(f.toString()).doesNotContain("\n");
                    ok = false;
                    refused++;
                }
                // one codec reads meta.NN (issue 17; the hand-written second codec disagreed on mutation 40 of this seed)
                if (b.length < valid.length && i % 4 == 1) {
                    assertThat(ok).as("a meta.00 truncated to " + b.length + " of " + valid.length + " bytes is refused").isFalse();
                }
            }
        }
        assertThat(refused).isPositive();
        assertThat(parsed).as("some mutations (e.g. inside a name) still decode").isPositive();
    }

    @Test
    void tarEntryReaderOnlyEverThrowsUpgradeException() throws Exception {
        byte[] gz = MetastoreBackupRestoreTest.gzipTar(Map.of("db/rp/1/000000001-000000001.tsm", "x".repeat(700),
                "db/rp/1/000000001-000000001.tombstone", "y"));
        byte[] tar;
        try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz))) {
            tar = in.readAllBytes();
        }
        for (int i = 0; i < 1500; i++) {
            byte[] b = mutate(i % 2 == 0 ? tar : gz, i);
            Path f = tmp.resolve("s1.tar.gz");
            Files.write(f, b);
            try {
                TarEntries.checkedNames(f);
            } catch (UpgradeException e) {
                assertThat(e.getMessage()).contains(f.toString());
            }
        }
    }

    @Test
    void manifestReaderOnlyEverGivesAFailedReport() throws Exception {
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        Files.write(meta.resolve("meta.db"), TestMeta.data(3, 1, 2));
        BackupRecord r = new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, tmp.resolve("b")));
        Path mf = Path.of(r.path(), "manifest.json");
        byte[] valid = Files.readAllBytes(mf);
        for (int i = 0; i < 400; i++) {
            Files.write(mf, mutate(valid, i));
            BackupVerifier.Report rep = BackupVerifier.verify(Path.of(r.path()));
            if (rep.failed()) {
                assertThat(rep.failureSummary()).doesNotContain("\n");
            }
        }
    }
}
