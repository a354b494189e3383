package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real full disk (a 1 MiB tmpfs) and a real read-only target (a read-only bind mount), where the machine lets
 * us mount (root); skipped otherwise. {@link BackupMetaDirCommandTest} covers the same refusals with a substitute.
 */
class RealFileSystemLimitsTest {

    @TempDir
    Path tmp;

    static boolean sh(String... cmd) {
        return Durability.succeeds(Duration.ofSeconds(30), cmd);
    }

    Path metaDir(int bytes) throws IOException {
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        byte[] b = new byte[bytes];
        new Random(5).nextBytes(b);
        Files.write(meta.resolve("raft.db"), b);
        Files.write(meta.resolve("meta.db"), TestMeta.data(3, 1, 1));
        return meta;
    }

    @Test
    void aSmallTmpfsIsRefusedBeforeCopyingShowingTheNumbers() throws IOException {
        Path mnt = Files.createDirectories(tmp.resolve("tiny-fs"));
        assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString()), "cannot mount a tmpfs here");
        try {
            Path meta = metaDir(2 << 20);
            assertThatThrownBy(() -> new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, mnt.resolve("backups"))))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("not enough free space").contains("10%").contains("bytes are free");
                    });
            try (var s = Files.list(mnt)) {
                assertThat(s.toList()).as("nothing written to the full disk").allMatch(p -> p.getFileName().toString().equals("backups"));
            }
            // a backup that fits passes the check, and an ENOSPC mid-copy is still one clear line
            Path small = tmp.resolve("small");
            Files.createDirectories(small);
            Files.write(small.resolve("meta.db"), TestMeta.data(3, 1, 1));
            assertThat(new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(small, mnt.resolve("backups"))).verified()).isTrue();
            DiskSpace lying = dir -> Long.MAX_VALUE;
            assertThatThrownBy(() -> new BackupMetaDirCommand(new BackupEnv(BackupMetaDirCommandTest.CLOCK, lying))
                    .run(new BackupMetaDirCommand.Request(meta, mnt.resolve("backups"))))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("No space left on device").doesNotContain("\n");
                    });
            assertThat(PendingOperations.find(mnt.resolve("backups"))).isEmpty();
            assertThat(new BackupStore(mnt.resolve("backups")).list()).hasSize(1);
        } finally {
            sh("umount", mnt.toString());
        }
    }

    @Test
    void aReadOnlyTargetIsRefusedNamingIt() throws IOException {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        assumeTrue(sh("mount", "--bind", ro.toString(), ro.toString()), "cannot bind-mount here");
        try {
            assumeTrue(sh("mount", "-o", "remount,bind,ro", ro.toString()), "cannot remount read-only here");
            Path meta = metaDir(4096);
            assertThatThrownBy(() -> new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, ro.resolve("backups"))))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains(ro.toString()).contains("Read-only file system");
                    });
            // restoring into a read-only meta dir: refused, and the journal is not left behind
            BackupRecord mb = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(meta, tmp.resolve("b"), Via.NATIVE,
                    null, null, null, false));
            assertThatThrownBy(() -> new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(Path.of(mb.path()),
                    ro.resolve("meta"), Via.NATIVE, false, false, null, ServiceProbe.STOPPED, List.of(), tmp)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("Read-only file system");
                    });
            assertThat(PendingOperations.find(tmp)).isEmpty();
        } finally {
            sh("umount", ro.toString());
        }
    }
}
