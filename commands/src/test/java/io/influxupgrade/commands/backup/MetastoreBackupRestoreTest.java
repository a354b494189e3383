package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetastoreBackupRestoreTest {

    @TempDir
    Path tmp;
    Path meta;
    Path root;
    byte[] data;
    final MetastoreCodecPort codec = MetastoreCodecs.defaultCodec();

    @BeforeEach
    void setUp() throws IOException {
        meta = tmp.resolve("meta");
        root = tmp.resolve("backups");
        Files.createDirectories(meta);
        data = TestMeta.data(14, 777, 3);
        Files.write(meta.resolve("meta.db"), data);
        Files.writeString(meta.resolve("node.json"), "null\n");
    }

    BackupRecord nativeBackup() {
        return new BackupMetastoreCommand(BackupMetaDirCommandTest.ENV, codec).run(
                new BackupMetastoreCommand.Request(meta, root, Via.NATIVE, null, null, null, false));
    }

    BackupRecord metaDirBackup() {
        return new BackupMetaDirCommand(BackupMetaDirCommandTest.ENV).run(new BackupMetaDirCommand.Request(meta, root));
    }

    RestoreMetastoreCommand.Request restore(Path from, boolean dryRun, boolean force, List<BackupRecord> recorded) {
        return new RestoreMetastoreCommand.Request(from, meta, Via.NATIVE, dryRun, force, null, ServiceProbe.STOPPED, recorded, tmp);
    }

    @Test
    void nativeBackupWritesTheLegacyLayoutAndVerifies() throws IOException {
        BackupRecord r = nativeBackup();
        assertThat(r.verified()).isTrue();
        assertThat(r.kind()).isEqualTo(BackupKind.METASTORE);
        assertThat(r.via()).isEqualTo("native");
        byte[] file = Files.readAllBytes(Path.of(r.path(), "files", "meta.00"));
        ByteBuffer b = ByteBuffer.wrap(file);
        assertThat(b.getLong(0)).isEqualTo(0x59590101L);
        assertThat(b.getLong(8)).isEqualTo(data.length);
        assertThat(Arrays.copyOfRange(file, 16, 16 + data.length)).isEqualTo(data);
        assertThat(b.getLong(16 + data.length)).isEqualTo(5);
        assertThat(new String(file, 24 + data.length, 5, StandardCharsets.US_ASCII)).isEqualTo("null\n");
        assertThat(file).hasSize(24 + data.length + 5);
    }

    /** Issue 15 item 6: a backup whose files and manifest were both rewritten passed its own manifest check. */
    @Test
    void aBackupRewrittenWithItsManifestFailsAgainstTheLedgerAndIsRefused() throws IOException {
        BackupRecord a = nativeBackup();
        Files.write(meta.resolve("meta.db"), TestMeta.data(15, 999, 4));
        BackupRecord b = new BackupMetastoreCommand(new BackupEnv(java.time.Clock.offset(BackupMetaDirCommandTest.CLOCK,
                java.time.Duration.ofMinutes(1)), DiskSpace.SYSTEM), codec).run(new BackupMetastoreCommand.Request(meta, root, Via.NATIVE, null, null, null, false));
        BackupRecord dirBackup = metaDirBackup();
        // replace A's files and manifest with B's: A's own manifest check passes, the ledger's digest of A does not
        Path aFolder = Path.of(a.path());
        Files.copy(Path.of(b.path(), "files", "meta.00"), aFolder.resolve("files/meta.00"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(b.path(), "manifest.json"), aFolder.resolve("manifest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(BackupVerifier.verify(aFolder).failed()).as("the manifest alone cannot tell").isFalse();
        BackupVerifier.Report withLedger = BackupVerifier.verify(aFolder, a.manifestSha256());
        assertThat(withLedger.failed()).isTrue();
        assertThat(withLedger.problems().get(0)).contains("rewritten");

        byte[] before = Files.readAllBytes(meta.resolve("meta.db"));
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(aFolder, false, false, List.of(a, dirBackup))))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("rewritten");
                });
        assertThat(Files.readAllBytes(meta.resolve("meta.db"))).isEqualTo(before);
        assertThat(new BackupVerifyCommand().run(new BackupVerifyCommand.Request(root, a.id(), null,
                java.util.Map.of(aFolder.toAbsolutePath().normalize().toString(), a.manifestSha256()))).failed()).isTrue();
    }

    /** Issue 15 item 7: the second run of a restore over a raft-era meta dir wrote node.json back. */
    @Test
    void theSameRestoreTwiceLeavesTheMetaDirAsOnceAndSaysItWasAlreadyDone() throws IOException {
        BackupRecord mb = nativeBackup();
        Files.write(meta.resolve("raft.db"), new byte[] {1, 2, 3});
        BackupRecord dirBackup = metaDirBackup();
        RestoreMetastoreCommand.RestoreReport first = new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup)));
        assertThat(first.failed()).as(first.failureSummary()).isFalse();
        assertThat(meta.resolve("raft.db")).doesNotExist();
        assertThat(meta.resolve("node.json")).doesNotExist();
        java.util.Map<String, String> once = ForeignBackupRealTest.hashes(meta);

        RestoreMetastoreCommand.RestoreReport second = new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup)));
        assertThat(second.detail()).startsWith("already done");
        assertThat(second.writes()).isEmpty();
        assertThat(second.removes()).isEmpty();
        assertThat(ForeignBackupRealTest.hashes(meta)).isEqualTo(once);
        assertThat(meta.resolve("node.json")).as("node.json included").doesNotExist();
    }

    @Test
    void nativeRestoreWritesIndexPlusTwoAndKeepsPeersAndSnapshots() throws IOException {
        BackupRecord mb = nativeBackup();
        // the meta dir then gets an old raft.db beside it, as after an in-place 0.11 -> 1.x binary swap
        Files.write(meta.resolve("raft.db"), new byte[] {1, 2, 3});
        Files.writeString(meta.resolve("peers.json"), "[\"localhost:8088\"]");
        Files.createDirectories(meta.resolve("snapshots/1-2-3"));
        Files.write(meta.resolve("meta.db"), TestMeta.data(3, 777, 1));
        BackupRecord dirBackup = metaDirBackup();

        RestoreMetastoreCommand.RestoreReport dry = new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), true, false, List.of(dirBackup)));
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.removes()).containsExactly(meta.resolve("raft.db").toString(), meta.resolve("node.json").toString());
        assertThat(dry.writes()).hasSize(1).first().asString().startsWith(meta.resolve("meta.db").toString()).contains("index 16");
        assertThat(Files.exists(meta.resolve("raft.db"))).isTrue();

        RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup)));
        assertThat(rep.failed()).as(rep.failureSummary()).isFalse();
        assertThat(rep.restoredIndex()).isEqualTo(16);
        assertThat(Files.exists(meta.resolve("raft.db"))).isFalse();
        assertThat(Files.exists(meta.resolve("node.json"))).isFalse();
        assertThat(Files.readString(meta.resolve("peers.json"))).isEqualTo("[\"localhost:8088\"]");
        assertThat(Files.isDirectory(meta.resolve("snapshots/1-2-3"))).isTrue();
        assertThat(codec.diff(codec.decodeData(data, "src"), codec.readMetaDb(meta.resolve("meta.db")))).isEmpty();
        assertThat(PendingOperations.find(tmp)).isEmpty();
    }

    @Test
    void withoutRaftDbNodeJsonIsWrittenLikeInfluxdDoes() throws IOException {
        BackupRecord mb = nativeBackup();
        Files.delete(meta.resolve("node.json"));
        Files.write(meta.resolve("meta.db"), TestMeta.data(2, 777, 1));
        BackupRecord dirBackup = metaDirBackup();
        RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup)));
        assertThat(rep.removes()).isEmpty();
        assertThat(Files.readString(meta.resolve("node.json"))).isEqualTo("null\n");
    }

    @Test
    void refusesWhileTheServiceRuns() {
        BackupRecord mb = nativeBackup();
        BackupRecord dirBackup = metaDirBackup();
        ServiceProbe running = () -> List.of("port 127.0.0.1:8088 answers");
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(new RestoreMetastoreCommand.Request(Path.of(mb.path()), meta,
                Via.NATIVE, false, false, null, running, List.of(dirBackup), tmp)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("still runs").contains("8088").contains("stop it");
                });
    }

    @Test
    void refusesWithoutAVerifiedMetaDirBackup() throws IOException {
        BackupRecord mb = nativeBackup();
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of())))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("backup meta-dir");
                });
        BackupRecord dirBackup = metaDirBackup();
        Files.delete(Path.of(dirBackup.path(), "files", "meta.db")); // the recorded backup is gone
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup))))
                .hasMessageContaining("backup meta-dir");
    }

    @Test
    void refusesANewerMetaDbUnlessForced() throws IOException {
        BackupRecord mb = nativeBackup();
        Files.write(meta.resolve("meta.db"), TestMeta.data(40, 777, 4));
        BackupRecord dirBackup = metaDirBackup();
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup))))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("index 40").contains("--force");
                });
        RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, true, List.of(dirBackup)));
        assertThat(rep.restoredIndex()).isEqualTo(16);
    }

    @Test
    void refusesATamperedBackupAndOneWithoutManifest() throws IOException {
        BackupRecord mb = nativeBackup();
        BackupRecord dirBackup = metaDirBackup();
        Path f = Path.of(mb.path(), "files", "meta.00");
        byte[] b = Files.readAllBytes(f);
        b[30] ^= 0x40;
        Files.write(f, b);
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup))))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("meta.00").contains("SHA-256");
                });
        Files.delete(Path.of(mb.path(), "manifest.json"));
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup))))
                .hasMessageContaining("no manifest.json");
        assertThat(Files.readAllBytes(meta.resolve("meta.db"))).isEqualTo(data);
    }

    @Test
    void refusesAMetaNNFromANewerVersion() throws Exception {
        BackupRecord dirBackup = metaDirBackup();
        Path unknownField = tmp.resolve("newer-field.00");
        Files.write(unknownField, codec.encodeLegacyBackup(codec.decodeData(data, "x")));
        byte[] withField = TestMeta.withUnknownField(data);
        ByteBuffer bb = ByteBuffer.allocate(24 + withField.length + 5);
        bb.putLong(0x59590101L).putLong(withField.length).put(withField).putLong(5).put("null\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(unknownField, bb.array());
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(unknownField, false, false, List.of(dirBackup))))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
                    assertThat(e.getMessage()).contains("unknown field Data.12").contains("newer InfluxDB");
                });
        Path newLayout = tmp.resolve("newer-layout.00");
        byte[] legacy = codec.encodeLegacyBackup(codec.decodeData(data, "x"));
        Files.write(newLayout, Arrays.copyOf(legacy, legacy.length + 16)); // an extra section we cannot read
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(newLayout, false, false, List.of(dirBackup))))
                .hasMessageContaining("layout this tool does not know");
        Path badMagic = tmp.resolve("magic.00");
        legacy[7] = 0x02;
        Files.write(badMagic, legacy);
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(badMagic, false, false, List.of(dirBackup))))
                .hasMessageContaining("magic 0x59590102");
        assertThat(Files.readAllBytes(meta.resolve("meta.db"))).isEqualTo(data);
    }

    @Test
    void refusesAPortableBackupWhoseTarClimbsOut() throws IOException {
        BackupRecord dirBackup = metaDirBackup();
        for (String evil : List.of("../../etc/cron.d/x", "/etc/passwd", "db/rp/1/../../../../x")) {
            Path dir = Files.createTempDirectory(tmp, "portable");
            Files.writeString(dir.resolve("20261125T185700Z.manifest"), """
                    {"meta":{"fileName":"20261125T185700Z.meta","size":%d},"limited":false,
                     "files":[{"database":"db0","policy":"autogen","shardID":1,"fileName":"20261125T185700Z.s1.tar.gz","size":2048,"lastModified":0}]}
                    """.formatted(data.length));
            ByteArrayOutputStream pd = new ByteArrayOutputStream();
            pd.write(0x0a);
            writeVarint(pd, data.length);
            pd.write(data);
            pd.write(new byte[] {0x10, 0});
            Files.write(dir.resolve("20261125T185700Z.meta"), pd.toByteArray());
            Files.write(dir.resolve("20261125T185700Z.s1.tar.gz"), gzipTar(Map.of("db0/autogen/1/000000001-000000001.tsm", "x", evil, "y")));
            assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(dir, false, false, List.of(dirBackup))))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
                        assertThat(e.getMessage()).contains(evil).contains("refusing");
                    });
        }
        assertThat(Files.readAllBytes(meta.resolve("meta.db"))).isEqualTo(data);
    }

    @Test
    void aSafePortableBackupRestoresNatively() throws IOException {
        BackupRecord dirBackup = metaDirBackup();
        Path dir = Files.createTempDirectory(tmp, "portable");
        Files.writeString(dir.resolve("20261125T185700Z.manifest"), "{\"meta\":{\"fileName\":\"20261125T185700Z.meta\"},\"files\":[]}");
        ByteArrayOutputStream pd = new ByteArrayOutputStream();
        pd.write(0x0a);
        writeVarint(pd, data.length);
        pd.write(data);
        Files.write(dir.resolve("20261125T185700Z.meta"), pd.toByteArray());
        Files.write(meta.resolve("meta.db"), TestMeta.data(3, 777, 1));
        RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand(codec).run(restore(dir, false, false, List.of(dirBackup)));
        assertThat(rep.failed()).isFalse();
        assertThat(codec.diff(codec.decodeData(data, "a"), codec.readMetaDb(meta.resolve("meta.db")))).isEmpty();
    }

    @Test
    void refusesARestoreOntoAFullDisk() throws IOException {
        BackupRecord mb = nativeBackup();
        Files.write(meta.resolve("meta.db"), TestMeta.data(3, 777, 1));
        BackupRecord dirBackup = metaDirBackup();
        byte[] before = Files.readAllBytes(meta.resolve("meta.db"));
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec, new BackupEnv(java.time.Clock.systemUTC(), dir -> 10)).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup))))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("not enough free space").contains("only 10 bytes are free");
                });
        assertThat(Files.readAllBytes(meta.resolve("meta.db"))).isEqualTo(before);
    }

    @Test
    void refusesAMetaDbSymlink() throws IOException {
        BackupRecord mb = nativeBackup();
        Path real = tmp.resolve("elsewhere.db");
        Files.write(real, data);
        Files.delete(meta.resolve("meta.db"));
        Files.createSymbolicLink(meta.resolve("meta.db"), real);
        BackupRecord dirBackup = metaDirBackup();
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(restore(Path.of(mb.path()), false, false, List.of(dirBackup))))
                .hasMessageContaining("symbolic link");
        assertThat(Files.readAllBytes(real)).isEqualTo(data);
    }

    @Test
    void raftEraSourceIsExportedWithTheLogAfterItsSnapshotReplayed() throws IOException {
        Path old = tmp.resolve("meta011");
        Files.createDirectories(old);
        io.influxupgrade.commands.meta.MetaData md = io.influxupgrade.commands.meta.MetaStoreCodec.decode(TestMeta.data(9000, 5, 2), "t");
        io.influxupgrade.commands.meta.MetaStoreWriter.writeRaftSnapshot(old, md, 3, 9000, 1450000000000L, List.of("localhost:8088"));
        List<io.influxupgrade.commands.meta.RaftLogs.Entry> logs = new java.util.ArrayList<>();
        for (long i = 8990; i <= 9003; i++) {
            logs.add(new io.influxupgrade.commands.meta.RaftLogs.Entry(i, 3, 0,
                    io.influxupgrade.commands.meta.RaftLogs.createDatabaseCommand("late" + i)));
        }
        io.influxupgrade.commands.meta.MetaStoreWriter.writeRaftDb(old, logs, 3);
        BackupMetastoreCommand cmd = new BackupMetastoreCommand(BackupMetaDirCommandTest.ENV, codec);
        BackupRecord r = cmd.run(new BackupMetastoreCommand.Request(old, root, Via.NATIVE, null, null, null, false));
        assertThat(r.verified()).isTrue();
        assertThat(r.detail()).contains("snapshot 9000 + 3 log entries").doesNotContain("NOT included");
        io.influxupgrade.commands.meta.MetaData back = io.influxupgrade.commands.meta.MetaSources.read(Path.of(r.path()).resolve("files/meta.00")).data();
        assertThat(back.index()).isEqualTo(9003);
        assertThat(back.databases()).extracting(io.influxupgrade.commands.meta.MetaData.DatabaseInfo::name)
                .contains("late9001", "late9002", "late9003").doesNotContain("late9000", "late8990");
        assertThat(back).isEqualTo(io.influxupgrade.commands.meta.MetaSources.read(old).data());
    }

    @Test
    void raftDirWithoutSnapshotIsExportedFromItsLogAlone() throws IOException {
        Path old = tmp.resolve("meta011-nosnap");
        Files.createDirectories(old);
        List<byte[]> cmds = List.of(
                io.influxupgrade.commands.meta.RaftLogs.command(io.influxupgrade.commands.meta.proto.MetaProto.Command.Type.SET_META_NODE,
                        io.influxupgrade.commands.meta.proto.MetaProto.SetMetaNodeCommand.setMetaNode,
                        io.influxupgrade.commands.meta.proto.MetaProto.SetMetaNodeCommand.newBuilder().setHttpAddr("localhost:8091")
                                .setTcpAddr("localhost:8088").setRand(4242).build()),
                io.influxupgrade.commands.meta.RaftLogs.createDatabaseCommand("first db"),
                io.influxupgrade.commands.meta.RaftLogs.command(io.influxupgrade.commands.meta.proto.MetaProto.Command.Type.CREATE_USER,
                        io.influxupgrade.commands.meta.proto.MetaProto.CreateUserCommand.createUser,
                        io.influxupgrade.commands.meta.proto.MetaProto.CreateUserCommand.newBuilder().setName("admin")
                                .setHash("$2a$10$abcdefghijklmnopqrstuv").setAdmin(true).build()));
        List<io.influxupgrade.commands.meta.RaftLogs.Entry> logs = new java.util.ArrayList<>();
        for (int i = 0; i < cmds.size(); i++) {
            logs.add(new io.influxupgrade.commands.meta.RaftLogs.Entry(i + 1, 1, 0, cmds.get(i)));
        }
        io.influxupgrade.commands.meta.MetaStoreWriter.writeRaftDb(old, logs, 1);
        BackupRecord r = new BackupMetastoreCommand(BackupMetaDirCommandTest.ENV, codec)
                .run(new BackupMetastoreCommand.Request(old, root, Via.NATIVE, null, null, null, false));
        assertThat(r.verified()).isTrue();
        assertThat(r.detail()).contains("no snapshot: 3 log entries");
        io.influxupgrade.commands.meta.MetaData back = io.influxupgrade.commands.meta.MetaSources.read(Path.of(r.path()).resolve("files/meta.00")).data();
        assertThat(back).isEqualTo(io.influxupgrade.commands.meta.MetaSources.read(old).data());
        assertThat(back.index()).isEqualTo(3);
        assertThat(back.clusterId()).isEqualTo(4242);
        assertThat(back.database("first db").orElseThrow().defaultRetentionPolicy()).isEqualTo("default");
        assertThat(back.user("admin").orElseThrow().admin()).isTrue();
        assertThat(back.metaNodes()).hasSize(1);
    }

    @Test
    void nonWritableTargetIsRefusedClearly() throws IOException {
        Path file = tmp.resolve("file-not-dir");
        Files.writeString(file, "x");
        BackupRecord mb = nativeBackup();
        Path metaUnderFile = file.resolve("meta");
        assertThatThrownBy(() -> new RestoreMetastoreCommand(codec).run(new RestoreMetastoreCommand.Request(Path.of(mb.path()),
                metaUnderFile, Via.NATIVE, false, false, null, ServiceProbe.STOPPED, List.of(), tmp)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains(file.toString());
                });
        assertThat(PendingOperations.find(tmp)).isEmpty();
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] gzipTar(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
                byte[] h = new byte[512];
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
                byte[] body = e.getValue().getBytes(StandardCharsets.UTF_8);
                byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(size, 0, h, 124, size.length);
                h[156] = '0';
                System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
                gz.write(h);
                gz.write(body);
                gz.write(new byte[(512 - body.length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return bos.toByteArray();
    }
}
