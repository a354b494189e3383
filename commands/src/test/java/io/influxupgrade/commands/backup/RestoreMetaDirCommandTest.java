package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreMetaDirCommandTest {

    @TempDir
    Path tmp;

    @Test
    void rollbackPutsBytesModesOwnersAndMtimesBackAfterBackingUpTheCurrentState() throws IOException {
        Path meta = tmp.resolve("meta");
        Path root = tmp.resolve("backups");
        MetaDirFixtures.raftEraMetaDir(meta, new Random(3));
        Files.setAttribute(meta.resolve("node.json"), "unix:mode", 0640);
        Files.setAttribute(meta.resolve("peers.json"), "unix:uid", 4321);
        Files.setAttribute(meta.resolve("peers.json"), "unix:gid", 4322);
        Files.setLastModifiedTime(meta.resolve("raft.db"), FileTime.from(Instant.parse("2016-01-01T00:00:00.5Z")));
        Files.createSymbolicLink(meta.resolve("current"), Path.of("snapshots/2-16385-1450000001000"));
        Snapshot before = Snapshot.of(meta);
        BackupRecord b = new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, root));

        // the upgrade "damages" the dir
        Files.write(meta.resolve("meta.db"), new byte[] {9, 9, 9});
        Files.delete(meta.resolve("raft.db"));
        Files.writeString(meta.resolve("node.json"), "null\n");
        Files.setAttribute(meta.resolve("node.json"), "unix:mode", 0600);
        Files.setAttribute(meta.resolve("peers.json"), "unix:uid", 0);
        FileTrees.delete(meta.resolve("snapshots/2-8193-1450000000000"));
        Files.createDirectories(meta.resolve("newdir/sub"));
        Files.writeString(meta.resolve("newdir/sub/x"), "x");
        Snapshot damaged = Snapshot.of(meta);
        assertThat(damaged).isNotEqualTo(before);

        RestoreMetaDirCommand cmd = new RestoreMetaDirCommand();
        RestoreMetaDirCommand.RollbackReport dry = cmd.run(new RestoreMetaDirCommand.Request(b.id(), meta, root, true, ServiceProbe.STOPPED));
        assertThat(dry.writes()).anyMatch(w -> w.startsWith("raft.db")).anyMatch(w -> w.startsWith("peers.json"));
        assertThat(dry.removes()).contains(meta.resolve("meta.db").toString(), meta.resolve("newdir/sub/x").toString());
        assertThat(Snapshot.of(meta)).isEqualTo(damaged);

        RestoreMetaDirCommand.RollbackReport rep = cmd.run(new RestoreMetaDirCommand.Request(b.id(), meta, root, false, ServiceProbe.STOPPED));
        assertThat(rep.differences()).isEmpty();
        assertThat(Snapshot.of(meta)).isEqualTo(before);
        assertThat(rep.safetyBackup()).isNotNull();
        Path safety = Path.of(rep.safetyBackup().path());
        assertThat(Files.readAllBytes(safety.resolve("files/meta.db"))).containsExactly(9, 9, 9);
        assertThat(PendingOperations.find(root)).isEmpty();
    }

    @Test
    void refusesATamperedBackupAndARunningService() throws IOException {
        Path meta = tmp.resolve("meta");
        Path root = tmp.resolve("backups");
        MetaDirFixtures.raftEraMetaDir(meta, new Random(4));
        BackupRecord b = new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, root));
        assertThatThrownBy(() -> new RestoreMetaDirCommand().run(new RestoreMetaDirCommand.Request(b.id(), meta, root, false,
                () -> List.of("influxd process 42 is running")))).hasMessageContaining("still runs");
        Files.writeString(Path.of(b.path(), "files", "node.json"), "{\"ID\":2}");
        assertThatThrownBy(() -> new RestoreMetaDirCommand().run(new RestoreMetaDirCommand.Request(b.id(), meta, root, false,
                ServiceProbe.STOPPED))).hasMessageContaining("node.json");
    }

    /** Everything observable about a tree: type, bytes, mode, owner and (files) mtime per path. */
    record Snapshot(List<String> lines) {
        static Snapshot of(Path root) throws IOException {
            return of(root, true);
        }

        /** Without file mtimes: "byte-identical" for a state a write legitimately re-creates. */
        static Snapshot ofContent(Path root) throws IOException {
            return of(root, false);
        }

        static Snapshot of(Path root, boolean mtimes) throws IOException {
            try (var s = Files.walk(root)) {
                return new Snapshot(s.filter(p -> !p.equals(root)).sorted().map(p -> {
                    try {
                        FileFacts f = FileFacts.of(p);
                        String content = f.type().equals("file") ? Manifest.sha256Hex(Files.readAllBytes(p)) + (mtimes ? " " + f.mtime() : "")
                                : f.type().equals("link") ? Files.readSymbolicLink(p).toString() : "";
                        return root.relativize(p) + " " + f.type() + " " + (f.type().equals("link") ? "" : f.modeOctal()) + " "
                                + f.owner() + " " + content;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList());
            }
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
