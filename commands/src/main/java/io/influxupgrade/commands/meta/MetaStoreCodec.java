package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.codec.GoDuration;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaData.ContinuousQueryInfo;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.NodeInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import io.influxupgrade.commands.meta.MetaData.SubscriptionInfo;
import io.influxupgrade.commands.meta.proto.MetaProto;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the metastore {@code Data} protobuf into a validated {@link MetaData} and back. Decoding never
 * lets anything but an {@link UpgradeException} escape: malformed bytes, missing required fields and
 * impossible values (negative durations, a shard group ending before it starts, an unknown privilege,
 * duplicate names or ids) each give one line naming the file.
 */
public final class MetaStoreCodec {

    static final String CORRUPT = " (file is corrupt; restore it from a backup)";
    static final String NONSENSE = " (the metastore holds impossible values; restore it from a backup)";

    private MetaStoreCodec() {
    }

    /** A decoded metastore plus the oddities worth telling the operator about. */
    public record Decoded(MetaData data, List<String> warnings) {
    }

    /** Decodes a {@code Data} protobuf (meta.db contents, a backup's meta blob, a raft state.bin). */
    public static MetaData decode(byte[] bytes, String what) {
        return decodeWithWarnings(bytes, what).data();
    }

    /** As {@link #decode} but also returns warnings (unknown fields, odd but harmless values). */
    public static Decoded decodeWithWarnings(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw UpgradeException.failed(what + ": file is empty, not a metastore" + CORRUPT);
        }
        List<String> warnings = new ArrayList<>();
        MetaData data;
        try {
            data = FastMetaDecoder.decode(bytes, what, warnings);
        } catch (InvalidProtocolBufferException e) {
            throw UpgradeException.failed(what + ": not a valid metastore protobuf (" + reason(e) + ")" + CORRUPT);
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof UpgradeException u) {
                throw u;
            }
            throw UpgradeException.failed(what + ": not a valid metastore protobuf (" + e.getClass().getSimpleName() + ")" + CORRUPT);
        }
        validate(data, what, warnings);
        return new Decoded(data, List.copyOf(warnings));
    }

    /**
     * The reference decoder: protobuf-java's generated {@code MetaProto.Data} parser, then conversion. Slower than
     * {@link FastMetaDecoder} (two object trees); tests check that both agree on every input.
     */
    static Decoded decodeWithGeneratedParser(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw UpgradeException.failed(what + ": file is empty, not a metastore" + CORRUPT);
        }
        MetaProto.Data pb;
        try {
            pb = MetaProto.Data.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw UpgradeException.failed(what + ": not a valid metastore protobuf (" + reason(e) + ")" + CORRUPT);
        }
        List<String> warnings = new ArrayList<>();
        MetaData data = fromProto(pb, what, warnings);
        validate(data, what, warnings);
        return new Decoded(data, List.copyOf(warnings));
    }

    /**
     * The strict decoder of the backup commands: protobuf-java's generated {@code MetaProto.Data} parser, then the same
     * conversion and checks as {@link #decodeWithGeneratedParser}, but a field this schema does not define (at any
     * depth) is refused instead of warned about, because a native restore would silently drop it; a field of this schema
     * with another wire type is refused as corruption. Each failure is one FAILED line naming {@code what}.
     */
    public static MetaData decodeStrict(byte[] bytes, String what) {
        MetaProto.Data pb;
        try {
            pb = MetaProto.Data.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw UpgradeException.failed(what + ": not a valid metastore protobuf (" + m
                    + "; the file is corrupt: restore it from a backup)");
        }
        StrictSchema.check(pb, what);
        int missing = !pb.hasTerm() ? 1 : !pb.hasIndex() ? 2 : !pb.hasClusterId() ? 3 : 0;
        if (missing != 0) {
            throw UpgradeException.failed(what + ": Data lacks required field " + missing + " (corrupt, or not a metastore)");
        }
        List<String> warnings = new ArrayList<>();
        MetaData data = fromProto(pb, what, warnings);
        validate(data, what, warnings);
        return data;
    }

    /** What protobuf's message contains, and how we say it; the first that matches wins. */
    private static final List<Map.Entry<String, String>> REASONS = List.of(
            Map.entry("truncated", "truncated message"),
            Map.entry("invalid wire type", "invalid wire type"),
            Map.entry("invalid tag", "invalid field tag"),
            Map.entry("negative size", "negative length prefix"),
            Map.entry("recursion", "nesting too deep"),
            Map.entry("malformed varint", "malformed varint"));

    static String reason(InvalidProtocolBufferException e) {
        String m = String.valueOf(e.getMessage());
        for (Map.Entry<String, String> r : REASONS) {
            if (m.contains(r.getKey())) {
                return r.getValue();
            }
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    // ---------------------------------------------------------------- proto → model

    private static MetaData fromProto(MetaProto.Data pb, String what, List<String> warnings) {
        require(pb.hasTerm() && pb.hasIndex() && pb.hasClusterId() && pb.hasMaxShardGroupId() && pb.hasMaxShardId(),
                what, "missing required counters (Term, Index, ClusterID, MaxShardGroupID, MaxShardID)");
        if (!pb.hasMaxNodeId()) {
            warnings.add(what + ": MaxNodeID is missing; influxd 1.x refuses such a file (the codec writes it as 0)");
        }
        unknown(pb, what, "the metastore", warnings);
        List<DatabaseInfo> dbs = new ArrayList<>(pb.getDatabasesCount());
        for (MetaProto.DatabaseInfo d : pb.getDatabasesList()) {
            require(d.hasName(), what, "a database without a name");
            String dbName = d.getName();
            String at = "database " + quote(dbName);
            require(d.hasDefaultRetentionPolicy(), what, at + ": missing DefaultRetentionPolicy");
            unknown(d, what, at, warnings);
            List<RetentionPolicyInfo> rps = new ArrayList<>(d.getRetentionPoliciesCount());
            for (MetaProto.RetentionPolicyInfo r : d.getRetentionPoliciesList()) {
                require(r.hasName(), what, at + ": a retention policy without a name");
                String rpAt = at + " retention policy " + quote(r.getName());
                require(r.hasDuration() && r.hasShardGroupDuration() && r.hasReplicaN(), what,
                        rpAt + ": missing Duration, ShardGroupDuration or ReplicaN");
                List<ShardGroupInfo> groups = new ArrayList<>(r.getShardGroupsCount());
                for (MetaProto.ShardGroupInfo g : r.getShardGroupsList()) {
                    require(g.hasId() && g.hasStartTime() && g.hasEndTime() && g.hasDeletedAt(), what,
                            rpAt + ": a shard group without ID, StartTime, EndTime or DeletedAt");
                    List<ShardInfo> shards = new ArrayList<>(g.getShardsCount());
                    for (MetaProto.ShardInfo s : g.getShardsList()) {
                        require(s.hasId(), what, rpAt + " shard group " + g.getId() + ": a shard without an ID");
                        List<Long> owners;
                        if (s.getOwnerIdsCount() > 0) {
                            owners = s.getOwnerIdsList();
                        } else if (s.getOwnersCount() > 0) {
                            owners = new ArrayList<>(s.getOwnersCount());
                            for (MetaProto.ShardOwner o : s.getOwnersList()) {
                                require(o.hasNodeId(), what, "shard " + s.getId() + ": an owner without a NodeID");
                                owners.add(o.getNodeId());
                            }
                        } else {
                            owners = List.of();
                        }
                        shards.add(new ShardInfo(s.getId(), owners));
                    }
                    groups.add(new ShardGroupInfo(g.getId(), g.getStartTime(), g.getEndTime(), g.getDeletedAt(),
                            g.getTruncatedAt(), shards));
                }
                List<SubscriptionInfo> subs = new ArrayList<>(r.getSubscriptionsCount());
                for (MetaProto.SubscriptionInfo s : r.getSubscriptionsList()) {
                    require(s.hasName() && s.hasMode(), what, rpAt + ": a subscription without Name or Mode");
                    subs.add(new SubscriptionInfo(s.getName(), s.getMode(), s.getDestinationsList()));
                }
                rps.add(new RetentionPolicyInfo(r.getName(), r.getDuration(), r.getShardGroupDuration(), r.getReplicaN(),
                        groups, subs));
            }
            List<ContinuousQueryInfo> cqs = new ArrayList<>(d.getContinuousQueriesCount());
            for (MetaProto.ContinuousQueryInfo c : d.getContinuousQueriesList()) {
                require(c.hasName() && c.hasQuery(), what, at + ": a continuous query without Name or Query");
                cqs.add(new ContinuousQueryInfo(c.getName(), c.getQuery()));
            }
            dbs.add(new DatabaseInfo(dbName, d.getDefaultRetentionPolicy(), rps, cqs));
        }
        List<UserInfo> users = new ArrayList<>(pb.getUsersCount());
        for (MetaProto.UserInfo u : pb.getUsersList()) {
            require(u.hasName(), what, "a user without a name");
            String at = "user " + quote(u.getName());
            require(u.hasHash() && u.hasAdmin(), what, at + ": missing Hash or Admin");
            Map<String, Privilege> privs = new HashMap<>();
            for (MetaProto.UserPrivilege p : u.getPrivilegesList()) {
                require(p.hasDatabase() && p.hasPrivilege(), what, at + ": a privilege without Database or Privilege");
                Privilege priv = Privilege.fromCode(p.getPrivilege());
                if (priv == null) {
                    throw nonsense(what, at + " has privilege value " + p.getPrivilege() + " on database "
                            + quote(p.getDatabase()) + " (InfluxDB knows 0-3)");
                }
                if (privs.put(p.getDatabase(), priv) != null) {
                    warnings.add(what + ": " + at + " lists database " + quote(p.getDatabase()) + " twice; the last privilege wins, as in InfluxDB");
                }
            }
            users.add(new UserInfo(u.getName(), u.getAdmin(), privs, Secret.of(u.getHash())));
        }
        return new MetaData(pb.getTerm(), pb.getIndex(), pb.getClusterId(), pb.getMaxNodeId(), pb.getMaxShardGroupId(),
                pb.getMaxShardId(), dbs, users, nodes(pb.getNodesList(), what), nodes(pb.getDataNodesList(), what),
                nodes(pb.getMetaNodesList(), what));
    }

    private static List<NodeInfo> nodes(List<MetaProto.NodeInfo> list, String what) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<NodeInfo> out = new ArrayList<>(list.size());
        for (MetaProto.NodeInfo n : list) {
            require(n.hasId() && n.hasHost(), what, "a node without ID or Host");
            out.add(new NodeInfo(n.getId(), n.getHost(), n.hasTcpHost() ? n.getTcpHost() : null));
        }
        return out;
    }

    private static void unknown(MessageOrBuilder m, String what, String at, List<String> warnings) {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            warnings.add(what + ": " + at + " has fields this tool does not know (numbers "
                    + m.getUnknownFields().asMap().keySet() + "); they are ignored and not written back");
        }
    }

    private static void require(boolean ok, String what, String problem) {
        if (!ok) {
            throw UpgradeException.failed(what + ": " + problem + CORRUPT);
        }
    }

    private static UpgradeException nonsense(String what, String problem) {
        return UpgradeException.failed(what + ": " + problem + NONSENSE);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------- validation

    /**
     * Checks the values InfluxDB itself could never have written; throws FAILED naming {@code what} on the
     * first impossible one and adds warnings for odd but usable ones.
     */
    public static void validate(MetaData data, String what, List<String> warnings) {
        Set<String> dbNames = new HashSet<>();
        LongList groupIds = new LongList();
        LongList shardIds = new LongList();
        for (DatabaseInfo d : data.databases()) {
            String at = "database " + quote(d.name());
            if (d.name().isEmpty()) {
                throw nonsense(what, "a database has an empty name");
            }
            if (!dbNames.add(d.name())) {
                throw nonsense(what, at + " appears twice");
            }
            Set<String> rpNames = new HashSet<>();
            for (RetentionPolicyInfo r : d.retentionPolicies()) {
                String rpAt = at + " retention policy " + quote(r.name());
                if (r.name().isEmpty()) {
                    throw nonsense(what, at + " has a retention policy with an empty name");
                }
                if (!rpNames.add(r.name())) {
                    throw nonsense(what, rpAt + " appears twice");
                }
                if (r.duration() < 0) {
                    throw nonsense(what, rpAt + " has a negative duration " + GoDuration.format(r.duration()));
                }
                if (r.shardGroupDuration() < 0) {
                    throw nonsense(what, rpAt + " has a negative shard group duration " + GoDuration.format(r.shardGroupDuration()));
                }
                if (r.shardGroupDuration() == 0) {
                    warnings.add(what + ": " + rpAt + " has shard group duration 0s; InfluxDB normally stores a positive one");
                }
                if (r.replicaN() < 0 || r.replicaN() > 1_000_000) {
                    throw nonsense(what, rpAt + " has replicaN " + Integer.toUnsignedString(r.replicaN()));
                }
                Set<String> subNames = new HashSet<>();
                for (SubscriptionInfo s : r.subscriptions()) {
                    if (!subNames.add(s.name())) {
                        throw nonsense(what, rpAt + " subscription " + quote(s.name()) + " appears twice");
                    }
                    if (!s.mode().equals("ANY") && !s.mode().equals("ALL")) {
                        throw nonsense(what, rpAt + " subscription " + quote(s.name()) + " has mode " + quote(s.mode())
                                + " (InfluxDB knows ANY and ALL)");
                    }
                }
                for (ShardGroupInfo g : r.shardGroups()) {
                    String gAt = rpAt + " shard group " + Long.toUnsignedString(g.id());
                    groupIds.add(g.id());
                    if (g.endTime() < g.startTime()) {
                        throw nonsense(what, gAt + " ends (" + MetaShowCommand.time(g.endTime()) + ") before it starts ("
                                + MetaShowCommand.time(g.startTime()) + ")");
                    }
                    if (Long.compareUnsigned(g.id(), data.maxShardGroupId()) > 0) {
                        throw nonsense(what, gAt + " has an id above MaxShardGroupID " + Long.toUnsignedString(data.maxShardGroupId()));
                    }
                    for (ShardInfo s : g.shards()) {
                        shardIds.add(s.id());
                        if (Long.compareUnsigned(s.id(), data.maxShardId()) > 0) {
                            throw nonsense(what, gAt + " shard " + Long.toUnsignedString(s.id()) + " has an id above MaxShardID "
                                    + Long.toUnsignedString(data.maxShardId()));
                        }
                    }
                }
            }
            if (!d.defaultRetentionPolicy().isEmpty() && !rpNames.contains(d.defaultRetentionPolicy())) {
                warnings.add(what + ": " + at + " names default retention policy " + quote(d.defaultRetentionPolicy())
                        + ", which it does not have");
            }
            Set<String> cqNames = new HashSet<>();
            for (ContinuousQueryInfo c : d.continuousQueries()) {
                if (!cqNames.add(c.name())) {
                    throw nonsense(what, at + " continuous query " + quote(c.name()) + " appears twice");
                }
            }
        }
        long dupGroup = groupIds.firstDuplicate();
        if (dupGroup != -1) {
            throw nonsense(what, "shard group id " + Long.toUnsignedString(dupGroup) + " is used twice");
        }
        long dupShard = shardIds.firstDuplicate();
        if (dupShard != -1) {
            throw nonsense(what, "shard id " + Long.toUnsignedString(dupShard) + " is used twice");
        }
        Set<String> userNames = new HashSet<>();
        for (UserInfo u : data.users()) {
            if (u.name().isEmpty()) {
                throw nonsense(what, "a user has an empty name");
            }
            if (!userNames.add(u.name())) {
                throw nonsense(what, "user " + quote(u.name()) + " appears twice");
            }
        }
    }

    /** A growable array of ids; duplicates are found by sorting (no boxing for 900,000 shards). */
    private static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        /** A value present twice, or -1 (an id of -1, i.e. 2^64-1, is above every Max*ID check anyway). */
        long firstDuplicate() {
            long[] s = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(s);
            for (int i = 1; i < s.length; i++) {
                if (s[i] == s[i - 1]) {
                    return s[i];
                }
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------- model → proto

    /** The bytes of a 1.x {@code meta.db}: every required field set, MaxNodeID 0, no node lists. */
    public static byte[] encode(MetaData data) {
        return toProto(data.withoutNodes()).toByteArray();
    }

    /** The bytes of a 0.10/0.11 raft {@code state.bin}: as {@link #encode} but with MaxNodeID and node lists kept. */
    public static byte[] encodeWithNodes(MetaData data) {
        return toProto(data).toByteArray();
    }

    static MetaProto.Data toProto(MetaData data) {
        MetaProto.Data.Builder b = MetaProto.Data.newBuilder()
                .setTerm(data.term()).setIndex(data.index()).setClusterId(data.clusterId());
        for (NodeInfo n : data.nodes()) {
            b.addNodes(node(n));
        }
        for (DatabaseInfo d : data.databases()) {
            MetaProto.DatabaseInfo.Builder db = MetaProto.DatabaseInfo.newBuilder()
                    .setName(d.name()).setDefaultRetentionPolicy(d.defaultRetentionPolicy());
            for (RetentionPolicyInfo r : d.retentionPolicies()) {
                MetaProto.RetentionPolicyInfo.Builder rb = MetaProto.RetentionPolicyInfo.newBuilder()
                        .setName(r.name()).setDuration(r.duration()).setShardGroupDuration(r.shardGroupDuration())
                        .setReplicaN(r.replicaN());
                for (ShardGroupInfo g : r.shardGroups()) {
                    MetaProto.ShardGroupInfo.Builder gb = MetaProto.ShardGroupInfo.newBuilder()
                            .setId(g.id()).setStartTime(g.startTime()).setEndTime(g.endTime()).setDeletedAt(g.deletedAt());
                    for (ShardInfo s : g.shards()) {
                        MetaProto.ShardInfo.Builder sb = MetaProto.ShardInfo.newBuilder().setId(s.id());
                        for (Long o : s.owners()) {
                            sb.addOwners(MetaProto.ShardOwner.newBuilder().setNodeId(o));
                        }
                        gb.addShards(sb);
                    }
                    if (g.truncatedAt() != 0) {
                        gb.setTruncatedAt(g.truncatedAt());
                    }
                    rb.addShardGroups(gb);
                }
                for (SubscriptionInfo s : r.subscriptions()) {
                    rb.addSubscriptions(MetaProto.SubscriptionInfo.newBuilder().setName(s.name()).setMode(s.mode())
                            .addAllDestinations(s.destinations()));
                }
                db.addRetentionPolicies(rb);
            }
            for (ContinuousQueryInfo c : d.continuousQueries()) {
                db.addContinuousQueries(MetaProto.ContinuousQueryInfo.newBuilder().setName(c.name()).setQuery(c.query()));
            }
            b.addDatabases(db);
        }
        for (UserInfo u : data.users()) {
            MetaProto.UserInfo.Builder ub = MetaProto.UserInfo.newBuilder()
                    .setName(u.name()).setHash(u.passwordHash().reveal()).setAdmin(u.admin());
            for (Map.Entry<String, Privilege> p : u.privileges().entrySet()) {
                ub.addPrivileges(MetaProto.UserPrivilege.newBuilder().setDatabase(p.getKey()).setPrivilege(p.getValue().code()));
            }
            b.addUsers(ub);
        }
        b.setMaxNodeId(data.maxNodeId()).setMaxShardGroupId(data.maxShardGroupId()).setMaxShardId(data.maxShardId());
        for (NodeInfo n : data.dataNodes()) {
            b.addDataNodes(node(n));
        }
        for (NodeInfo n : data.metaNodes()) {
            b.addMetaNodes(node(n));
        }
        return b.build();
    }

    private static MetaProto.NodeInfo node(NodeInfo n) {
        MetaProto.NodeInfo.Builder nb = MetaProto.NodeInfo.newBuilder().setId(n.id()).setHost(n.host());
        if (n.tcpHost() != null) {
            nb.setTcpHost(n.tcpHost());
        }
        return nb.build();
    }

    /** The bytes of a portable backup's {@code .meta} file for this metastore (MaxNodeID 0, as OSS writes). */
    public static byte[] encodePortable(MetaData data) {
        return MetaProto.PortableData.newBuilder().setData(ByteString.copyFrom(encode(data))).setMaxNodeId(0).build().toByteArray();
    }

    /** Counts of a metastore per kind, in one pass (used by reports, diffs and benchmarks). */
    public static Map<Kind, Long> count(MetaData data) {
        long[] c = new long[Kind.values().length];
        for (DatabaseInfo d : data.databases()) {
            c[Kind.DATABASES.ordinal()]++;
            c[Kind.CONTINUOUS_QUERIES.ordinal()] += d.continuousQueries().size();
            for (RetentionPolicyInfo r : d.retentionPolicies()) {
                c[Kind.RETENTION_POLICIES.ordinal()]++;
                c[Kind.SUBSCRIPTIONS.ordinal()] += r.subscriptions().size();
                for (ShardGroupInfo g : r.shardGroups()) {
                    c[(g.deleted() ? Kind.DELETED_SHARD_GROUPS : Kind.SHARD_GROUPS).ordinal()]++;
                    c[Kind.SHARDS.ordinal()] += g.shards().size();
                }
            }
        }
        for (UserInfo u : data.users()) {
            c[Kind.USERS.ordinal()]++;
            if (u.admin()) {
                c[Kind.ADMINS.ordinal()]++;
            }
        }
        Map<Kind, Long> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, c[k.ordinal()]);
        }
        return m;
    }

    /** What {@link #count} counts. */
    public enum Kind { DATABASES, RETENTION_POLICIES, SHARD_GROUPS, DELETED_SHARD_GROUPS, SHARDS, CONTINUOUS_QUERIES, SUBSCRIPTIONS, USERS, ADMINS }
}
