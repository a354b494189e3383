package io.influxupgrade.commands.session;

import io.influxupgrade.commands.backup.BackupLedger;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Session files already on operators' disks keep loading: the fixtures are format-1 files as the tool wrote them
 * before the session's ledger and the backup commands shared one {@link BackupRecord} (kind a plain string, no
 * {@code source}).
 */
class SessionFileCompatibilityTest {

    @TempDir
    Path tmp;

    private SessionStore storeWith(String fixture) throws Exception {
        SessionStore store = new SessionStore(tmp.resolve("home"));
        Files.createDirectories(store.dir("prod"));
        try (InputStream in = getClass().getResourceAsStream(fixture)) {
            assertThat(in).as(fixture).isNotNull();
            Files.write(store.file("prod"), in.readAllBytes());
        }
        return store;
    }

    @Test
    void aFormat1SessionFileLoadsItsBackupsWithKindPathManifestAndVerifiedFlag() throws Exception {
        UpgradeSession s = storeWith("session-format1.json").load("prod");

        assertThat(s.getBackups()).extracting(BackupRecord::id, BackupRecord::kind, BackupRecord::path,
                BackupRecord::manifestSha256, BackupRecord::verified).containsExactly(
                tuple("20261125-120000-meta-dir", BackupKind.META_DIR, "/var/backups/influx-upgrade/20261125-120000-meta-dir",
                        "1f0c9d6e2b7a4c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f", true),
                tuple("20261125-120100-metastore", BackupKind.METASTORE, "/var/backups/influx-upgrade/20261125-120100-metastore",
                        "aa0c9d6e2b7a4c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f", true),
                tuple("20261125-120200-portable", BackupKind.PORTABLE, "/var/backups/influx-upgrade/20261125-120200-portable",
                        null, false));
        BackupRecord metastore = s.backup("20261125-120100-metastore");
        assertThat(metastore.createdAt()).isEqualTo(Instant.parse("2026-11-25T12:01:00Z"));
        assertThat(metastore.bytes()).isEqualTo(2048);
        assertThat(metastore.files()).isEqualTo(2);
        assertThat(metastore.via()).isEqualTo("influxd");
        assertThat(metastore.detail()).isEqualTo("influxd backup (auto: server running)");
        assertThat(metastore.source()).as("format-1 files recorded no source").isNull();
        assertThat(s.latestVerifiedBackup(BackupKind.META_DIR)).isEqualTo("20261125-120000-meta-dir");
        assertThat(s.latestVerifiedBackup(BackupKind.METASTORE)).isEqualTo("20261125-120100-metastore");
        assertThat(s.latestVerifiedBackup(BackupKind.PORTABLE)).isNull();
        assertThat(BackupLedger.of(s).digests()).containsEntry("/var/backups/influx-upgrade/20261125-120000-meta-dir",
                "1f0c9d6e2b7a4c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f");
    }

    @Test
    void anUnknownKindLoadsAsUnknownAndIsNeverTakenForAKnownOne() throws Exception {
        UpgradeSession s = storeWith("session-format1-unknown-kind.json").load("prod");

        assertThat(s.getBackups()).extracting(BackupRecord::id, BackupRecord::kind).containsExactly(
                tuple("20261125-120000-meta-dir", BackupKind.META_DIR),
                tuple("20261125-120100-metastore", BackupKind.METASTORE),
                tuple("20261125-120200-portable", BackupKind.UNKNOWN));
        assertThat(s.backup("20261125-120200-portable").path()).isEqualTo("/var/backups/influx-upgrade/20261125-120200-portable");
        for (BackupKind k : BackupKind.values()) {
            if (k != BackupKind.UNKNOWN) {
                assertThat(s.latestVerifiedBackup(k)).isNotEqualTo("20261125-120200-portable");
            }
        }
    }

    @Test
    void aLoadedFormat1FileIsSavedAndReadBackUnchanged() throws Exception {
        SessionStore store = storeWith("session-format1.json");
        UpgradeSession s = store.load("prod");
        store.save(s);
        UpgradeSession again = store.load("prod");
        assertThat(again.getBackups()).isEqualTo(s.getBackups());
        assertThat(again.getBackups()).hasSize(3);
    }
}
