package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingOperationsTest {

    @TempDir
    Path tmp;
    Path meta;
    Path root;
    /** A finished, verified backup of {@link #meta} in {@link #root}. */
    BackupRecord done;

    @BeforeEach
    void metaDirAndAFinishedBackup() throws IOException {
        meta = Files.createDirectories(tmp.resolve("meta"));
        Files.write(meta.resolve("meta.db"), TestMeta.data(3, 1, 1));
        root = tmp.resolve("backups");
        done = new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, root));
    }

    @Test
    void anInterruptedBackupIsReportedAndCleanedUpWithoutTouchingFinishedOnes() throws IOException {
        // what a crash in the middle of a second backup leaves
        Files.createDirectories(root.resolve("meta-dir-20990101T000000Z.partial/files"));
        Files.writeString(root.resolve("meta-dir-20990101T000000Z.partial/files/meta.db"), "half");
        Files.writeString(root.resolve(".pending.json.tmp-1a2b"), "{");
        PendingOperations.begin(root, new PendingOperations.Operation("backup meta-dir", "meta-dir-20990101T000000Z", Instant.EPOCH, 1,
                root.toString(), root.resolve("meta-dir-20990101T000000Z.partial").toString(), meta.toString(), null, List.of(),
                "run 'backup meta-dir' again"));

        PendingOperations.Interrupted found = BackupCleanupCommand.pending(root).orElseThrow();
        assertThat(found.operation().op()).isEqualTo("backup meta-dir");
        assertThat(found.leftovers()).hasSize(2);
        assertThat(found.offer()).contains("meta-dir-20990101T000000Z").contains("resume").contains("backup cleanup");
        assertThat(new BackupStore(root).list()).filteredOn(BackupRecord::verified).extracting(BackupRecord::id).containsExactly(done.id());
        Path other = Files.createDirectories(tmp.resolve("other"));
        assertThatThrownBy(() -> new RestoreMetaDirCommand().run(new RestoreMetaDirCommand.Request(done.id(), other, root, false,
                ServiceProbe.STOPPED)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getMessage()).contains("interrupted").contains("backup cleanup"));

        PendingOperations.CleanUp c = new BackupCleanupCommand().run(new BackupCleanupCommand.Request(root));
        assertThat(c.removed()).hasSize(3);
        assertThat(BackupCleanupCommand.pending(root)).isEmpty();
        assertThat(BackupVerifier.verify(Path.of(done.path())).verified()).isTrue();
        assertThat(new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, root)).verified()).isTrue();
    }

    @Test
    void cleanupRefusesWhileARestoreIsUnfinishedAndNamesTheCommandThatFinishesIt() throws IOException {
        Files.writeString(meta.resolve(".meta.db.tmp-1a2b"), "half");
        PendingOperations.begin(root, new PendingOperations.Operation("restore meta-dir", done.id(), Instant.EPOCH, 1,
                root.toString(), null, done.id(), meta.toString(), List.of("safety backup: meta-dir-safety", "1 writes"),
                "run 'restore meta-dir --from " + done.id() + "' again"));

        assertThat(BackupCleanupCommand.pending(root).orElseThrow().offer()).contains("refuses until it is finished")
                .contains("restore meta-dir --from " + done.id());
        assertThatThrownBy(() -> new BackupCleanupCommand().run(new BackupCleanupCommand.Request(root)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("restore meta-dir").contains("unfinished")
                            .contains(root.resolve(PendingOperations.FILE_NAME).toString()).contains("backup " + done.id())
                            .contains("safety backup: meta-dir-safety").contains("restore meta-dir --from " + done.id());
                });
        assertThat(root.resolve(PendingOperations.FILE_NAME)).exists();
        assertThat(meta.resolve(".meta.db.tmp-1a2b")).exists();

        PendingOperations.finish(root); // the restore completed
        PendingOperations.CleanUp c = new BackupCleanupCommand().run(new BackupCleanupCommand.Request(root));
        assertThat(c.removed()).isEmpty(); // the restore's target is no longer known once it is finished
        assertThat(BackupCleanupCommand.pending(root)).isEmpty();
        assertThat(BackupVerifier.verify(Path.of(done.path())).verified()).isTrue();
    }
}
