package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.proto.MetaProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaStoreCodecTest {

    @TempDir
    Path tmp;

    @Test
    void encodeThenDecodeGivesTheSameMetastore() {
        MetaData data = MetaFixtures.awkward();
        assertThat(MetaStoreCodec.decode(MetaStoreCodec.encode(data), "test")).isEqualTo(data);
        MetaData raft = MetaFixtures.raftEra();
        assertThat(MetaStoreCodec.decode(MetaStoreCodec.encodeWithNodes(raft), "test")).isEqualTo(raft);
    }

    @Test
    void metaDbCarriesEveryFieldOneXRequiresAndNoNodeLists() throws Exception {
        Path file = MetaStoreWriter.writeMetaDb(tmp, MetaFixtures.raftEra());
        MetaProto.Data pb = MetaProto.Data.parseFrom(Files.readAllBytes(file));
        assertThat(pb.hasTerm() && pb.hasIndex() && pb.hasClusterId() && pb.hasMaxShardGroupId() && pb.hasMaxShardId()).isTrue();
        assertThat(pb.hasMaxNodeId()).isTrue();
        assertThat(pb.getMaxNodeId()).isZero();
        assertThat(pb.getDataNodesCount() + pb.getMetaNodesCount() + pb.getNodesCount()).isZero();
        MetaProto.DatabaseInfo db = pb.getDatabases(0);
        assertThat(db.hasDefaultRetentionPolicy()).isTrue();
        MetaProto.ShardGroupInfo g = db.getRetentionPolicies(0).getShardGroups(0);
        assertThat(g.hasDeletedAt()).isTrue();
        assertThat(g.hasTruncatedAt()).as("TruncatedAt written only when set, as 1.x does").isFalse();
        assertThat(pb.getUsers(0).hasHash() && pb.getUsers(0).hasAdmin()).isTrue();
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("meta.db");
        }
    }

    @Test
    void passwordHashNeverShowsInJsonOrText() {
        MetaData data = MetaFixtures.awkward();
        assertThat(data.toString()).doesNotContain(MetaFixtures.HASH).contains("[redacted]");
        assertThat(Json.line(data)).doesNotContain(MetaFixtures.HASH).doesNotContain("$2a$");
        MetaReport report = MetaShowCommand.report(new MetaSnapshot("x", MetaSnapshot.META_DB, data, List.of(), null), null, null);
        assertThat(Json.line(report)).doesNotContain("$2a$").doesNotContain("$2b$").doesNotContain("redacted");
        assertThat(report.toString() + report.userRows()).doesNotContain("$2a$");
        MetaDiff diff = MetaDiff.compare(data, data.withUsers(List.of(new UserInfo("admin", true, java.util.Map.of(),
                Secret.of("$2a$10$other")), data.users().get(1))), false);
        assertThat(diff.failed()).isTrue();
        assertThat(Json.line(diff) + diff.rows()).doesNotContain("$2a$");
    }

    @Test
    void legacyBackupFileHasMagicLengthsAndNullNodeBlob() {
        Path file = MetaStoreWriter.writeLegacyBackup(tmp.resolve("meta.00"), MetaFixtures.awkward());
        byte[] b = read(file);
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertThat(buf.getLong(0)).isEqualTo(0x59590101L);
        long l1 = buf.getLong(8);
        assertThat(buf.getLong(16 + (int) l1)).isEqualTo(5);
        assertThat(new String(b, 24 + (int) l1, 5, StandardCharsets.US_ASCII)).isEqualTo("null\n");
        assertThat(b.length).isEqualTo(24 + l1 + 5);
        MetaSnapshot s = MetaSources.read(file);
        assertThat(s.format()).isEqualTo("meta.NN");
        assertThat(s.data()).isEqualTo(MetaFixtures.awkward());
    }

    @Test
    void legacyBackupDirectoryUsesTheNumericallyHighestFileAndWarnsAboutRestoreOrder() {
        MetaData older = MetaFixtures.awkward();
        MetaData newer = older.withCounters(0, 99, older.clusterId());
        MetaStoreWriter.writeLegacyBackup(tmp.resolve("meta.99"), older);
        MetaStoreWriter.writeLegacyBackup(tmp.resolve("meta.100"), newer);
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.source()).endsWith("meta.100");
        assertThat(s.data().index()).isEqualTo(99);
        assertThat(String.join("\n", s.warnings())).contains("would take meta.99");
    }

    @Test
    void portableBackupIsReadThroughTheNewestManifest() {
        MetaStoreWriter.writePortable(tmp, "20261124T000000Z", MetaFixtures.awkward().withCounters(0, 1, 1));
        MetaStoreWriter.writePortable(tmp, "20261125T185700Z", MetaFixtures.awkward());
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.format()).isEqualTo("portable");
        assertThat(s.source()).endsWith("20261125T185700Z.manifest");
        assertThat(s.data()).isEqualTo(MetaFixtures.awkward());
        assertThat(MetaSources.read(tmp.resolve("20261124T000000Z.meta")).data().index()).isEqualTo(1);
    }

    @Test
    void portableMetaWhoseSizeDisagreesWithTheManifestIsCorrupt() throws Exception {
        Path manifest = MetaStoreWriter.writePortable(tmp, "20261125T185700Z", MetaFixtures.awkward());
        String json = Files.readString(manifest).replaceFirst("\"size\" : \\d+", "\"size\" : 3");
        Files.writeString(manifest, json);
        assertThatThrownBy(() -> MetaSources.read(tmp)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
            assertThat(e.getMessage()).contains("20261125T185700Z.meta").contains("3 bytes");
        });
    }

    @Test
    void raftSnapshotWrittenByOurOwnWriterIsReadWithNodesAndNewestFirst() {
        MetaData old = MetaFixtures.raftEra().withCounters(2, 10, 7);
        MetaData cur = MetaFixtures.raftEra();
        RaftSnapshotFormat.write(tmp, old, 2, 10, 1_000, List.of("127.0.0.1:8088"));
        Path newest = RaftSnapshotFormat.write(tmp, cur, 3, 42, 2_000, List.of("127.0.0.1:8088"));
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.format()).isEqualTo("raft: snapshot 42 alone"); // no raft.db here
        assertThat(s.raft()).isTrue();
        assertThat(s.source()).isEqualTo(newest.toString());
        assertThat(s.data()).isEqualTo(cur);
        assertThat(s.data().dataNodes()).hasSize(1);
        assertThat(newest.getFileName().toString()).isEqualTo("3-42-2000");
    }

    @Test
    void raftSnapshotWithBadCrcIsSkippedForTheOlderCompleteOne_ownWriter() throws Exception {
        RaftSnapshotFormat.write(tmp, MetaFixtures.raftEra().withCounters(2, 10, 7), 2, 10, 1_000, List.of());
        Path newest = RaftSnapshotFormat.write(tmp, MetaFixtures.raftEra(), 3, 42, 2_000, List.of());
        byte[] state = read(newest.resolve("state.bin"));
        state[state.length / 2] ^= 0x01;
        Files.write(newest.resolve("state.bin"), state);
        Files.createDirectories(tmp.resolve("snapshots/9-99-9999.tmp"));
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.data().index()).isEqualTo(10);
        assertThat(String.join("\n", s.warnings())).contains("CRC").contains("3-42-2000").contains(".tmp");
    }

    @Test
    void raftDirWithoutCompleteSnapshotFailsNamingIt_ownWriter() throws Exception {
        Path dir = RaftSnapshotFormat.write(tmp, MetaFixtures.raftEra(), 3, 42, 2_000, List.of());
        Files.write(dir.resolve("state.bin"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> MetaSources.read(tmp)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED);
            assertThat(e.getMessage()).contains(tmp.toString()).contains("no complete snapshot");
        });
    }

    @Test
    void metaDbNextToRaftDbIsReadWithAWarning() throws Exception {
        MetaStoreWriter.writeMetaDb(tmp, MetaFixtures.awkward());
        Files.write(tmp.resolve("raft.db"), new byte[0]);
        MetaSnapshot s = MetaSources.read(tmp);
        assertThat(s.format()).isEqualTo("meta.db");
        assertThat(String.join("\n", s.warnings())).contains("raft.db");
    }

    @Test
    void ownerIdsOfOldFilesBecomeOwners() throws Exception {
        MetaProto.Data.Builder b = MetaStoreCodec.toProto(MetaFixtures.awkward()).toBuilder();
        b.getDatabasesBuilder(0).getRetentionPoliciesBuilder(0).getShardGroupsBuilder(0).getShardsBuilder(0)
                .clearOwners().addOwnerIds(7);
        MetaData d = MetaStoreCodec.decode(b.build().toByteArray(), "old");
        assertThat(d.databases().get(0).retentionPolicies().get(0).shardGroups().get(0).shards().get(0).owners()).containsExactly(7L);
    }

    @Test
    void validationWarnsAboutAMissingDefaultRetentionPolicy() {
        MetaData d = MetaFixtures.awkward();
        var db = d.databases().get(2);
        MetaData odd = d.withDatabases(List.of(new MetaData.DatabaseInfo(db.name(), "nope", db.retentionPolicies(), db.continuousQueries())));
        List<String> w = new ArrayList<>();
        MetaStoreCodec.validate(odd, "x", w);
        assertThat(w).anySatisfy(s -> assertThat(s).contains("\"nope\""));
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
