package io.influxupgrade.commands.meta;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaData.ContinuousQueryInfo;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.NodeInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import io.influxupgrade.commands.meta.MetaData.SubscriptionInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decodes the {@code Data} protobuf straight into the model with protobuf-java's {@link CodedInputStream}, the
 * same wire rules as the generated {@code MetaProto.Data} parser (which the tests use as the reference) but
 * without building a second object tree. Field numbers and wire types are those of meta.proto; a field with an
 * unexpected wire type is skipped as unknown, as protobuf does.
 *
 * <p><b>The one hand decoder of a metastore message</b> (issue 17: every other reader of meta.proto messages uses
 * the generated classes, the backup commands through {@link MetaStoreCodec#decodeStrict}). It stays the decoder
 * behind {@link MetaStoreCodec#decodeWithWarnings} (every read through {@link MetaSources}: {@code meta show},
 * {@code meta diff}, verification, checks) because the generated parser followed by the mapping misses the target of
 * {@code meta show}/{@code meta diff} on a 900,000-shard metastore (≤ 2 s, ≤ 1 GiB heap). Measured 2026-12-07 with {@code bench/meta-decoder-compare.sh}
 * ({@code MetaBench}, fresh JVM per run, {@code -Xmx1g}, C1 only as the launcher runs them, 2 cores at load 2.2–3.6,
 * 5 runs each): {@code meta diff} of two files 0.95–1.69 s wall (1.5–1.7 s CPU) with this decoder, 1.94–4.02 s wall
 * (3.5–4.4 s CPU) with the generated parser; the heap still live after a GC peaked at 336–358 MiB against 723–808 MiB
 * (two generated trees and two models at once, too close to 1 GiB). {@code meta show --section summary}: 0.62–1.01 s
 * against 1.13–1.78 s, 160 MiB against 321–330 MiB live. {@code MetaFuzzTest} checks that both decoders agree.
 */
final class FastMetaDecoder {

    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private final CodedInputStream in;
    private final String what;
    private final List<String> warnings;
    private final Set<String> unknownAt = new TreeSet<>();

    private FastMetaDecoder(byte[] bytes, String what, List<String> warnings) {
        this.in = CodedInputStream.newInstance(bytes);
        this.in.setRecursionLimit(100);
        this.what = what;
        this.warnings = warnings;
    }

    static MetaData decode(byte[] bytes, String what, List<String> warnings) throws IOException {
        FastMetaDecoder d = new FastMetaDecoder(bytes, what, warnings);
        MetaData data = d.data();
        if (!d.unknownAt.isEmpty()) {
            warnings.add(what + ": fields this tool does not know in " + String.join(", ", d.unknownAt)
                    + "; they are ignored and not written back");
        }
        return data;
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    private static int field(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    private static int type(int tag) {
        return WireFormat.getTagWireType(tag);
    }

    private void skip(int tag, String at) throws IOException {
        unknownAt.add(at + " (field " + field(tag) + ")");
        if (!in.skipField(tag)) {
            throw new InvalidProtocolBufferException("unexpected end-group tag");
        }
    }

    private int enter() throws IOException {
        int len = in.readRawVarint32();
        return in.pushLimit(len);
    }

    private void leave(int old) {
        in.popLimit(old);
    }

    private MetaData data() throws IOException {
        long term = 0, index = 0, clusterId = 0, maxNodeId = 0, maxGroup = 0, maxShard = 0;
        boolean hTerm = false, hIndex = false, hCluster = false, hMaxNode = false, hMaxGroup = false, hMaxShard = false;
        List<DatabaseInfo> dbs = new ArrayList<>();
        List<UserInfo> users = new ArrayList<>();
        List<NodeInfo> nodes = new ArrayList<>(0);
        List<NodeInfo> dataNodes = new ArrayList<>(0);
        List<NodeInfo> metaNodes = new ArrayList<>(0);
        int tag;
        while ((tag = in.readTag()) != 0) {
            int f = field(tag);
            int t = type(tag);
            if (t == VARINT && f >= 1 && f <= 9 && f != 4 && f != 5 && f != 6) {
                long v = in.readUInt64();
                switch (f) {
                    case 1 -> { term = v; hTerm = true; }
                    case 2 -> { index = v; hIndex = true; }
                    case 3 -> { clusterId = v; hCluster = true; }
                    case 7 -> { maxNodeId = v; hMaxNode = true; }
                    case 8 -> { maxGroup = v; hMaxGroup = true; }
                    default -> { maxShard = v; hMaxShard = true; }
                }
            } else if (t == LEN && (f == 4 || f == 5 || f == 6 || f == 10 || f == 11)) {
                int old = enter();
                switch (f) {
                    case 4 -> nodes.add(node());
                    case 5 -> dbs.add(database());
                    case 6 -> users.add(user());
                    case 10 -> dataNodes.add(node());
                    default -> metaNodes.add(node());
                }
                leave(old);
            } else {
                skip(tag, "the metastore");
            }
        }
        require(hTerm && hIndex && hCluster && hMaxGroup && hMaxShard,
                "missing required counters (Term, Index, ClusterID, MaxShardGroupID, MaxShardID)");
        if (!hMaxNode) {
            warnings.add(what + ": MaxNodeID is missing; influxd 1.x refuses such a file (the codec writes it as 0)");
        }
        return new MetaData(term, index, clusterId, maxNodeId, maxGroup, maxShard, dbs, users, nodes, dataNodes, metaNodes);
    }

    private NodeInfo node() throws IOException {
        long id = 0;
        String host = null, tcp = null;
        boolean hId = false;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == tag(1, VARINT)) {
                id = in.readUInt64();
                hId = true;
            } else if (tag == tag(2, LEN)) {
                host = in.readString();
            } else if (tag == tag(3, LEN)) {
                tcp = in.readString();
            } else {
                skip(tag, "a node");
            }
        }
        require(hId && host != null, "a node without ID or Host");
        return new NodeInfo(id, host, tcp);
    }

    private DatabaseInfo database() throws IOException {
        String name = null, defaultRp = null;
        List<RetentionPolicyInfo> rps = new ArrayList<>();
        List<ContinuousQueryInfo> cqs = new ArrayList<>(0);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == tag(1, LEN)) {
                name = in.readString();
            } else if (tag == tag(2, LEN)) {
                defaultRp = in.readString();
            } else if (tag == tag(3, LEN)) {
                int old = enter();
                rps.add(retentionPolicy(name));
                leave(old);
            } else if (tag == tag(4, LEN)) {
                int old = enter();
                cqs.add(continuousQuery(name));
                leave(old);
            } else {
                skip(tag, "a database");
            }
        }
        require(name != null, "a database without a name");
        require(defaultRp != null, "database " + MetaStoreCodec.quote(name) + ": missing DefaultRetentionPolicy");
        return new DatabaseInfo(name, defaultRp, rps, cqs);
    }

    private ContinuousQueryInfo continuousQuery(String db) throws IOException {
        String name = null, query = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == tag(1, LEN)) {
                name = in.readString();
            } else if (tag == tag(2, LEN)) {
                query = in.readString();
            } else {
                skip(tag, "a continuous query");
            }
        }
        require(name != null && query != null, at(db) + ": a continuous query without Name or Query");
        return new ContinuousQueryInfo(name, query);
    }

    private RetentionPolicyInfo retentionPolicy(String db) throws IOException {
        String name = null;
        long duration = 0, sgd = 0;
        int replicaN = 0;
        boolean hDur = false, hSgd = false, hRep = false;
        List<ShardGroupInfo> groups = new ArrayList<>();
        List<SubscriptionInfo> subs = new ArrayList<>(0);
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | LEN -> name = in.readString();
                case (2 << 3) | VARINT -> { duration = in.readInt64(); hDur = true; }
                case (3 << 3) | VARINT -> { sgd = in.readInt64(); hSgd = true; }
                case (4 << 3) | VARINT -> { replicaN = in.readUInt32(); hRep = true; }
                case (5 << 3) | LEN -> {
                    int old = enter();
                    groups.add(shardGroup());
                    leave(old);
                }
                case (6 << 3) | LEN -> {
                    int old = enter();
                    subs.add(subscription());
                    leave(old);
                }
                default -> skip(tag, "a retention policy");
            }
        }
        require(name != null, at(db) + ": a retention policy without a name");
        require(hDur && hSgd && hRep, at(db) + " retention policy " + MetaStoreCodec.quote(name)
                + ": missing Duration, ShardGroupDuration or ReplicaN");
        return new RetentionPolicyInfo(name, duration, sgd, replicaN, groups, subs);
    }

    private ShardGroupInfo shardGroup() throws IOException {
        long id = 0, start = 0, end = 0, deleted = 0, truncated = 0;
        boolean hId = false, hStart = false, hEnd = false, hDel = false;
        ShardInfo first = null; // almost every group has one shard: keep it without a growable list
        List<ShardInfo> shards = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | VARINT -> { id = in.readUInt64(); hId = true; }
                case (2 << 3) | VARINT -> { start = in.readInt64(); hStart = true; }
                case (3 << 3) | VARINT -> { end = in.readInt64(); hEnd = true; }
                case (4 << 3) | VARINT -> { deleted = in.readInt64(); hDel = true; }
                case (5 << 3) | LEN -> {
                    int old = enter();
                    ShardInfo sh = shard(id);
                    leave(old);
                    if (first == null && shards == null) {
                        first = sh;
                    } else {
                        if (shards == null) {
                            shards = new ArrayList<>(4);
                            shards.add(first);
                        }
                        shards.add(sh);
                    }
                }
                case (6 << 3) | VARINT -> truncated = in.readInt64();
                default -> skip(tag, "a shard group");
            }
        }
        require(hId && hStart && hEnd && hDel, "a shard group without ID, StartTime, EndTime or DeletedAt");
        return new ShardGroupInfo(id, start, end, deleted, truncated,
                shards != null ? shards : first != null ? List.of(first) : List.of());
    }

    private ShardInfo shard(long groupId) throws IOException {
        long id = 0;
        boolean hId = false;
        List<Long> ownerIds = null;
        List<Long> owners = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | VARINT -> { id = in.readUInt64(); hId = true; }
                case (2 << 3) | VARINT -> {
                    if (ownerIds == null) {
                        ownerIds = new ArrayList<>(2);
                    }
                    ownerIds.add(in.readUInt64());
                }
                case (2 << 3) | LEN -> { // packed form, accepted as protobuf does
                    if (ownerIds == null) {
                        ownerIds = new ArrayList<>(2);
                    }
                    int old = enter();
                    while (!in.isAtEnd()) {
                        ownerIds.add(in.readUInt64());
                    }
                    leave(old);
                }
                case (3 << 3) | LEN -> {
                    if (owners == null) {
                        owners = new ArrayList<>(2);
                    }
                    int old = enter();
                    owners.add(owner(id));
                    leave(old);
                }
                default -> skip(tag, "a shard");
            }
        }
        require(hId, "shard group " + Long.toUnsignedString(groupId) + ": a shard without an ID");
        return new ShardInfo(id, ownerIds != null ? ownerIds : owners);
    }

    private long owner(long shardId) throws IOException {
        long node = 0;
        boolean has = false;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == tag(1, VARINT)) {
                node = in.readUInt64();
                has = true;
            } else {
                skip(tag, "a shard owner");
            }
        }
        require(has, "shard " + Long.toUnsignedString(shardId) + ": an owner without a NodeID");
        return node;
    }

    private SubscriptionInfo subscription() throws IOException {
        String name = null, mode = null;
        List<String> dest = new ArrayList<>(1);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == tag(1, LEN)) {
                name = in.readString();
            } else if (tag == tag(2, LEN)) {
                mode = in.readString();
            } else if (tag == tag(3, LEN)) {
                dest.add(in.readString());
            } else {
                skip(tag, "a subscription");
            }
        }
        require(name != null && mode != null, "a subscription without Name or Mode");
        return new SubscriptionInfo(name, mode, dest);
    }

    private UserInfo user() throws IOException {
        String name = null, hash = null;
        boolean admin = false, hAdmin = false;
        Map<String, Privilege> privs = new HashMap<>();
        List<String> twice = new ArrayList<>(0);
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (1 << 3) | LEN -> name = in.readString();
                case (2 << 3) | LEN -> hash = in.readString();
                case (3 << 3) | VARINT -> { admin = in.readBool(); hAdmin = true; }
                case (4 << 3) | LEN -> {
                    int old = enter();
                    String db = null;
                    Long value = null;
                    int t;
                    while ((t = in.readTag()) != 0) {
                        if (t == tag(1, LEN)) {
                            db = in.readString();
                        } else if (t == tag(2, VARINT)) {
                            value = (long) in.readInt32();
                        } else {
                            skip(t, "a user privilege");
                        }
                    }
                    leave(old);
                    String at = "user " + MetaStoreCodec.quote(name == null ? "?" : name);
                    require(db != null && value != null, at + ": a privilege without Database or Privilege");
                    Privilege p = Privilege.fromCode(value);
                    if (p == null) {
                        throw UpgradeException.failed(what + ": " + at + " has privilege value " + value + " on database "
                                + MetaStoreCodec.quote(db) + " (InfluxDB knows 0-3)" + MetaStoreCodec.NONSENSE);
                    }
                    if (privs.put(db, p) != null) {
                        twice.add(db);
                    }
                }
                default -> skip(tag, "a user");
            }
        }
        require(name != null, "a user without a name");
        require(hash != null && hAdmin, "user " + MetaStoreCodec.quote(name) + ": missing Hash or Admin");
        for (String db : twice) {
            warnings.add(what + ": user " + MetaStoreCodec.quote(name) + " lists database " + MetaStoreCodec.quote(db)
                    + " twice; the last privilege wins, as in InfluxDB");
        }
        return new UserInfo(name, admin, privs, Secret.of(hash));
    }

    private static String at(String db) {
        return db == null ? "a database" : "database " + MetaStoreCodec.quote(db);
    }

    private void require(boolean ok, String problem) {
        if (!ok) {
            throw UpgradeException.failed(what + ": " + problem + MetaStoreCodec.CORRUPT);
        }
    }
}
