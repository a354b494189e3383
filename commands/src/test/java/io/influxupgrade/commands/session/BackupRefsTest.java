package io.influxupgrade.commands.session;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupRefsTest {

    @TempDir
    Path tmp;

    private static final List<String> KINDS = List.of("meta-dir", "metastore");

    private BackupRecord record(String id, String kind, Path path, Instant at, boolean verified) {
        return new BackupRecord(id, BackupKind.fromLedger(kind), path.toString(), at, 1, 1, verified, null, null, null, null);
    }

    @Test
    void latestIsTheNewestVerifiedBackupOfTheKindsAskedFor() throws Exception {
        UpgradeSession s = new UpgradeSession();
        Path old = Files.createDirectories(tmp.resolve("old"));
        Path newer = Files.createDirectories(tmp.resolve("newer"));
        Path unverified = Files.createDirectories(tmp.resolve("unverified"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        s.addBackup(record("old", "meta-dir", old, Instant.parse("2026-01-01T00:00:00Z"), true));
        s.addBackup(record("newer", "metastore", newer, Instant.parse("2026-01-02T00:00:00Z"), true));
        s.addBackup(record("unverified", "meta-dir", unverified, Instant.parse("2026-01-03T00:00:00Z"), false));
        s.addBackup(record("other", "data-dir", other, Instant.parse("2026-01-04T00:00:00Z"), true));

        assertThat(BackupRefs.resolve(s, tmp, "latest", KINDS)).contains(newer);
        assertThat(BackupRefs.resolve(s, tmp, "latest", List.of("meta-dir"))).contains(old);
        assertThat(BackupRefs.resolve(s, tmp, "old", KINDS)).contains(old);
        assertThat(BackupRefs.resolve(s, tmp, other.toString(), KINDS)).contains(other);
        assertThat(BackupRefs.resolve(s, tmp, "no-such-backup", KINDS)).isEmpty();
    }

    @Test
    void anIdUnderTheBackupRootResolvesWithoutARecord() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path folder = Files.createDirectories(root.resolve("20260101-meta-dir"));
        assertThat(BackupRefs.resolve(new UpgradeSession(), root, "20260101-meta-dir", KINDS)).contains(folder);
    }

    @Test
    void latestWithoutASessionOrABackupIsNotReady() {
        assertThatThrownBy(() -> BackupRefs.resolve(null, null, "latest", KINDS))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("no session is open");
        assertThatThrownBy(() -> BackupRefs.resolve(new UpgradeSession(), tmp, "latest", KINDS))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("no verified meta-dir or metastore backup");
    }
}
