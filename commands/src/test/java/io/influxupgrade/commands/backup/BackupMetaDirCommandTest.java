package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupMetaDirCommandTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T19:00:00Z"), ZoneOffset.UTC);
    /** The fixed clock and the real file system. */
    static final BackupEnv ENV = new BackupEnv(CLOCK, DiskSpace.SYSTEM);

    @TempDir
    Path tmp;
    Path meta;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        meta = tmp.resolve("meta");
        root = tmp.resolve("backups");
        MetaDirFixtures.raftEraMetaDir(meta, new Random(7));
    }

    @Test
    void copiesEveryFileWithManifestAndPrivateModes() throws IOException {
        Files.setLastModifiedTime(meta.resolve("peers.json"), FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z")));
        Files.setPosixFilePermissions(meta.resolve("peers.json"), PosixFilePermissions.fromString("rw-r--r--"));
        BackupRecord r = new BackupMetaDirCommand(ENV).run(new BackupMetaDirCommand.Request(meta, root));

        assertThat(r.verified()).isTrue();
        assertThat(r.kind()).isEqualTo(BackupKind.META_DIR);
        assertThat(r.id()).isEqualTo("meta-dir-20261125T190000Z");
        Path folder = Path.of(r.path());
        assertThat(folder.getFileName().toString()).doesNotEndWith(".partial");
        assertThat(Files.exists(root.resolve(PendingOperations.FILE_NAME))).isFalse();
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));

        Manifest m = Manifest.read(folder);
        List<String> sourceFiles = MetaDirFixtures.regularFiles(meta);
        assertThat(m.entries().stream().filter(ManifestEntry::isFile).map(ManifestEntry::path).sorted().toList())
                .isEqualTo(sourceFiles);
        assertThat(r.files()).isEqualTo(sourceFiles.size());
        assertThat(r.bytes()).isEqualTo(MetaDirFixtures.totalBytes(meta));
        for (String f : sourceFiles) {
            Path copy = folder.resolve("files").resolve(f);
            assertThat(Files.readAllBytes(copy)).as(f).isEqualTo(Files.readAllBytes(meta.resolve(f)));
            assertThat(Files.getPosixFilePermissions(copy)).as(f).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        ManifestEntry peers = m.entries().stream().filter(e -> e.path().equals("peers.json")).findFirst().orElseThrow();
        assertThat(peers.mode()).isEqualTo("0644");
        assertThat(peers.mtime()).isEqualTo(Instant.parse("2020-01-02T03:04:05.123456789Z"));
        assertThat(peers.sha256()).isEqualTo(Manifest.sha256Hex(Files.readAllBytes(meta.resolve("peers.json"))));
        assertThat(peers.owner()).matches("\\d+:\\d+");
        assertThat(r.manifestSha256()).isEqualTo(Manifest.sha256Hex(Files.readAllBytes(folder.resolve("manifest.json"))));
    }

    @Test
    void symlinksAreRecordedNotFollowed() throws IOException {
        Path outside = tmp.resolve("outside-secret");
        Files.writeString(outside, "not part of the meta dir");
        Files.createSymbolicLink(meta.resolve("link-to-outside"), outside);
        BackupRecord r = new BackupMetaDirCommand(ENV).run(new BackupMetaDirCommand.Request(meta, root));
        Manifest m = Manifest.read(Path.of(r.path()));
        ManifestEntry link = m.entries().stream().filter(e -> e.path().equals("link-to-outside")).findFirst().orElseThrow();
        assertThat(link.type()).isEqualTo("link");
        assertThat(link.linkTarget()).isEqualTo(outside.toString());
        assertThat(Files.exists(Path.of(r.path(), "files", "link-to-outside"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(BackupVerifier.verify(Path.of(r.path())).verified()).isTrue();
    }

    @Test
    void verifyFailsNamingTheTamperedFile() throws IOException {
        BackupRecord r = new BackupMetaDirCommand(ENV).run(new BackupMetaDirCommand.Request(meta, root));
        Path victim = Path.of(r.path(), "files", "snapshots", "2-8193-1450000000000", "state.bin");
        byte[] b = Files.readAllBytes(victim);
        b[b.length / 2] ^= 1;
        Files.write(victim, b);
        BackupVerifier.Report rep = new BackupVerifyCommand().run(new BackupVerifyCommand.Request(root, r.id()));
        assertThat(rep.failed()).isTrue();
        assertThat(rep.failureSummary()).contains("snapshots/2-8193-1450000000000/state.bin").contains("SHA-256")
                .doesNotContain("\n");
        assertThatThrownBy(() -> BackupVerifier.check(Path.of(r.path())))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED));
    }

    @Test
    void verifyFailsOnMissingManifestExtraAndMissingFiles() throws IOException {
        BackupMetaDirCommand cmd = new BackupMetaDirCommand(ENV);
        Path a = Path.of(cmd.run(new BackupMetaDirCommand.Request(meta, root)).path());
        Path b = Path.of(cmd.run(new BackupMetaDirCommand.Request(meta, root)).path());
        Path c = Path.of(cmd.run(new BackupMetaDirCommand.Request(meta, root)).path());
        assertThat(b.getFileName().toString()).isEqualTo("meta-dir-20261125T190000Z-2");

        Files.delete(a.resolve("manifest.json"));
        assertThat(BackupVerifier.verify(a).failureSummary()).contains("no manifest.json");
        Files.writeString(b.resolve("files/extra.txt"), "x");
        assertThat(BackupVerifier.verify(b).failureSummary()).contains("extra file extra.txt");
        Files.delete(c.resolve("files/peers.json"));
        assertThat(BackupVerifier.verify(c).failureSummary()).contains("file peers.json is missing");

        BackupListCommand.BackupList list = new BackupListCommand().run(new BackupListCommand.Request(root));
        assertThat(list.backups()).hasSize(3);
        assertThat(list.backups().stream().filter(BackupRecord.Summary::verified)).hasSize(1);
        String json = Json.line(list);
        assertThat(json).startsWith("{\"backups\":[{\"id\":").contains("\"kind\":\"meta-dir\"").contains("\"verified\":");
    }

    @Test
    void refusesWhenTheDiskIsTooFullShowingTheNumbers() {
        long need = MetaDirFixtures.totalBytes(meta);
        DiskSpace full = dir -> need; // exactly the data, not the 10% margin
        assertThatThrownBy(() -> new BackupMetaDirCommand(new BackupEnv(CLOCK, full)).run(new BackupMetaDirCommand.Request(meta, root)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("not enough free space").contains(Long.toString(need)).contains("10%");
                });
        assertThat(new BackupStore(root).list()).isEmpty();
    }

    @Test
    void refusesABackupRootThatIsAFile() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> new BackupMetaDirCommand(ENV).run(new BackupMetaDirCommand.Request(meta, file)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains(file.toString()).contains("not a directory");
                });
    }

    @Test
    void manifestWithEscapingPathIsRefused() throws IOException {
        BackupRecord r = new BackupMetaDirCommand(ENV).run(new BackupMetaDirCommand.Request(meta, root));
        Path mf = Path.of(r.path(), "manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"peers.json\"", "\"../../etc/passwd\""), StandardCharsets.UTF_8);
        assertThat(BackupVerifier.verify(Path.of(r.path())).failureSummary()).contains("leaves the backup folder");
    }

    @Test
    void manifestWithAMalformedOwnerOrModeIsRefused() throws IOException {
        BackupRecord r = new BackupMetaDirCommand(ENV).run(new BackupMetaDirCommand.Request(meta, root));
        Path mf = Path.of(r.path(), "manifest.json");
        String good = Files.readString(mf);
        assertThat(BackupVerifier.verify(Path.of(r.path())).failureSummary()).as("untouched").isEmpty();
        for (String[] bad : List.of(new String[] {"\"owner\"\\s*:\\s*\"[0-9]+:[0-9]+\"", "\"owner\":\"root:root\""},
                new String[] {"\"mode\"\\s*:\\s*\"[0-7]+\"", "\"mode\":\"0999\""})) {
            String edited = good.replaceFirst(bad[0], bad[1]);
            assertThat(edited).as("the manifest holds %s", bad[0]).isNotEqualTo(good);
            Files.writeString(mf, edited, StandardCharsets.UTF_8);
            assertThat(BackupVerifier.verify(Path.of(r.path())).failureSummary()).as(bad[1]).contains("invalid entry");
        }
    }
}
