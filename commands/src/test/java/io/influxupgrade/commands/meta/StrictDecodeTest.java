package io.influxupgrade.commands.meta;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.proto.MetaProto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MetaStoreCodec#decodeStrict}: the backup commands' decoder refuses what a native restore would drop. */
class StrictDecodeTest {

    private static UnknownFieldSet varint(int number, long value) {
        return UnknownFieldSet.newBuilder().addField(number, UnknownFieldSet.Field.newBuilder().addVarint(value).build()).build();
    }

    private static MetaProto.ShardGroupInfo.Builder group() {
        return MetaProto.ShardGroupInfo.newBuilder().setId(1).setStartTime(0).setEndTime(10).setDeletedAt(0)
                .addShards(MetaProto.ShardInfo.newBuilder().setId(1).addOwnerIds(1));
    }

    private static MetaProto.Data.Builder data(MetaProto.ShardGroupInfo.Builder g, MetaProto.DatabaseInfo.Builder db) {
        return MetaProto.Data.newBuilder().setTerm(1).setIndex(7).setClusterId(42).setMaxNodeId(0).setMaxShardGroupId(1)
                .setMaxShardId(1).addDatabases(db.addRetentionPolicies(MetaProto.RetentionPolicyInfo.newBuilder().setName("autogen")
                        .setDuration(0).setShardGroupDuration(10).setReplicaN(1).addShardGroups(g)));
    }

    private static MetaProto.DatabaseInfo.Builder db() {
        return MetaProto.DatabaseInfo.newBuilder().setName("db").setDefaultRetentionPolicy("autogen");
    }

    @Test
    void aValidDataDecodesToTheModel() {
        MetaData m = MetaStoreCodec.decodeStrict(data(group(), db()).build().toByteArray(), "f");
        assertThat(m.index()).isEqualTo(7);
        assertThat(m.clusterId()).isEqualTo(42);
        assertThat(m.databases()).singleElement().satisfies(d -> assertThat(d.name()).isEqualTo("db"));
    }

    @Test
    void anUnknownFieldDeepDownIsRefusedWithItsPath() {
        byte[] b = data(group().setUnknownFields(varint(9, 1)), db()).build().toByteArray();
        assertThat(MetaStoreCodec.decode(b, "f").databases()).hasSize(1); // the lenient decoder only warns
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(b, "meta.db /x"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED))
                .hasMessage("meta.db /x: unknown field Data.5/DatabaseInfo.3/RetentionPolicyInfo.5/ShardGroupInfo.9: written by a"
                        + " newer InfluxDB than this tool knows (0.10 – 1.8); a native restore could lose it, use --via influxd with that version");
    }

    @Test
    void unknownFieldsInNodesAndShardOwnersAreRefusedToo() {
        byte[] node = data(group(), db()).addMetaNodes(MetaProto.NodeInfo.newBuilder().setId(1).setHost("h:8091")
                .setUnknownFields(varint(4, 1))).build().toByteArray();
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(node, "f")).hasMessageStartingWith("f: unknown field Data.11/NodeInfo.4:");
        MetaProto.ShardGroupInfo.Builder g = MetaProto.ShardGroupInfo.newBuilder().setId(1).setStartTime(0).setEndTime(10)
                .setDeletedAt(0).addShards(MetaProto.ShardInfo.newBuilder().setId(1)
                        .addOwners(MetaProto.ShardOwner.newBuilder().setNodeId(1).setUnknownFields(varint(2, 1))));
        byte[] owner = data(g, db()).build().toByteArray();
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(owner, "f"))
                .hasMessageStartingWith("f: unknown field Data.5/DatabaseInfo.3/RetentionPolicyInfo.5/ShardGroupInfo.5/ShardInfo.3/ShardOwner.2:");
    }

    @Test
    void aKnownFieldWithAnotherWireTypeIsCorruption() {
        MetaProto.DatabaseInfo.Builder odd = db().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(4, UnknownFieldSet.Field.newBuilder().addVarint(3).build()).build());
        byte[] b = data(group(), odd).build().toByteArray();
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(b, "f"))
                .hasMessage("f: field Data.5/DatabaseInfo.4 has the wrong wire type (the file is corrupt)");
        byte[] user = data(group(), db())
                .addUsers(MetaProto.UserInfo.newBuilder().setName("u").setHash("h").setAdmin(false)
                        .addPrivileges(MetaProto.UserPrivilege.newBuilder().setDatabase("db").setPrivilege(1)
                                .setUnknownFields(UnknownFieldSet.newBuilder().addField(1, UnknownFieldSet.Field.newBuilder()
                                        .addFixed32(5).build()).build())))
                .build().toByteArray();
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(user, "f"))
                .hasMessage("f: field Data.6/UserInfo.4/UserPrivilege.1 has the wrong wire type (the file is corrupt)");
    }

    @Test
    void packedOwnerIdsAreAcceptedAsInfluxDbMayWriteThem() {
        // ShardInfo.owner_ids (2) written packed: one length-delimited field of varints
        byte[] packed = {1, 2, 3};
        MetaProto.ShardGroupInfo.Builder g = MetaProto.ShardGroupInfo.newBuilder().setId(1).setStartTime(0).setEndTime(10)
                .setDeletedAt(0).addShards(MetaProto.ShardInfo.newBuilder().setId(1).setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(packed)).build()).build()));
        MetaData m = MetaStoreCodec.decodeStrict(data(g, db()).build().toByteArray(), "f");
        assertThat(m.databases().get(0).retentionPolicies().get(0).shardGroups().get(0).shards().get(0).owners()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void missingCountersAndGarbageAreRefused() {
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(MetaProto.Data.newBuilder().setTerm(1).build().toByteArray(), "f"))
                .hasMessage("f: Data lacks required field 2 (corrupt, or not a metastore)");
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(new byte[0], "f"))
                .hasMessage("f: Data lacks required field 1 (corrupt, or not a metastore)");
        assertThatThrownBy(() -> MetaStoreCodec.decodeStrict(new byte[] {0x2a, 0x7f, 1}, "f"))
                .isInstanceOf(UpgradeException.class).hasMessageStartingWith("f: not a valid metastore protobuf (")
                .hasMessageEndingWith("; the file is corrupt: restore it from a backup)");
    }
}
