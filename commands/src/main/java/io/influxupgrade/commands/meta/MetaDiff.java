package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.codec.GoDuration;
import io.influxupgrade.commands.Verdict;
import io.influxupgrade.commands.meta.MetaData.ContinuousQueryInfo;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.NodeInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import io.influxupgrade.commands.meta.MetaData.SubscriptionInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The semantic differences between two metastores (A → B): a database, retention policy, shard group, shard,
 * user, privilege, continuous query or subscription added, removed or changed, naming the field. It ignores
 * what legitimately differs: raft term and index, node ids and shard owners between a 0.10/0.11 and a 1.x
 * metastore, the cluster id unless strict; password hashes and max-id counters are compared only when both
 * sides have them (a metastore built from SHOW queries has neither). Fails (exit 4) when any difference is found.
 */
public record MetaDiff(String a, String b, String formatA, String formatB, boolean strict, boolean equal,
                       List<Difference> differences, List<String> ignored) implements Verdict {

    /** One difference; {@code a} and {@code b} are the values on each side (null for added/removed objects). */
    public record Difference(String change, String object, String path, String field, String a, String b) {
        /** One readable line, e.g. {@code changed: retention policy "db"."rp": duration 0s -> 168h0m0s}. */
        public String line() {
            String where = path == null || path.isEmpty() ? object : object + " " + path;
            return switch (change) {
                case "changed" -> change + ": " + where + ": " + field + " " + a + " -> " + b;
                default -> change + ": " + where + (field == null ? "" : " (" + field + ")");
            };
        }
    }

    @Override
    public boolean failed() {
        return !equal;
    }

    @Override
    public String failureSummary() {
        return equal ? "metastores are equal"
                : "metastores differ: " + differences.size() + " difference" + (differences.size() == 1 ? "" : "s")
                        + " between " + a + " and " + b + " (first: " + differences.get(0).line() + ")";
    }

    /** Table rows for the shell (first row = header). */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("change", "object", "path", "field", "A", "B"));
        for (Difference d : differences) {
            rows.add(java.util.Arrays.asList(d.change(), d.object(), d.path(), nz(d.field()), nz(d.a()), nz(d.b())));
        }
        return rows;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Compares two snapshots, naming them by their sources. */
    public static MetaDiff compare(MetaSnapshot a, MetaSnapshot b, boolean strict) {
        return compare(a.source(), a.format(), a.data(), b.source(), b.format(), b.data(), strict);
    }

    /** Compares two metastores directly (backup, restore and verification call this). */
    public static MetaDiff compare(MetaData a, MetaData b, boolean strict) {
        return compare("A", null, a, "B", null, b, strict);
    }

    public static MetaDiff compare(String nameA, String formatA, MetaData a, String nameB, String formatB, MetaData b, boolean strict) {
        Comparer c = new Comparer(strict, a.hasNodes() != b.hasNodes());
        c.run(a, b);
        return new MetaDiff(nameA, nameB, formatA, formatB, strict, c.out.isEmpty(), List.copyOf(c.out), List.copyOf(c.ignored));
    }

    private static final class Comparer {
        final boolean strict;
        final boolean ignoreOwners;
        final List<Difference> out = new ArrayList<>();
        final Set<String> ignored = new java.util.LinkedHashSet<>();

        Comparer(boolean strict, boolean ignoreOwners) {
            this.strict = strict;
            this.ignoreOwners = ignoreOwners;
        }

        void run(MetaData a, MetaData b) {
            if (a.term() != b.term() || a.index() != b.index()) {
                ignored.add("raft term and index (" + a.term() + "/" + a.index() + " vs " + b.term() + "/" + b.index() + ")");
            }
            if (a.clusterId() != b.clusterId()) {
                if (strict) {
                    changed("metastore", "", "clusterId", Long.toUnsignedString(a.clusterId()), Long.toUnsignedString(b.clusterId()));
                } else {
                    ignored.add("cluster id (use strict to compare it)");
                }
            }
            counter("maxShardGroupId", a.maxShardGroupId(), b.maxShardGroupId());
            counter("maxShardId", a.maxShardId(), b.maxShardId());
            if (ignoreOwners) {
                ignored.add("node ids and shard owners (a 0.10/0.11 metastore against a 1.x one)");
            } else if (a.hasNodes() && b.hasNodes()) {
                nodes("data node", a.dataNodes(), b.dataNodes());
                nodes("meta node", a.metaNodes(), b.metaNodes());
                nodes("node", a.nodes(), b.nodes());
                if (a.maxNodeId() != b.maxNodeId()) {
                    changed("metastore", "", "maxNodeId", Long.toUnsignedString(a.maxNodeId()), Long.toUnsignedString(b.maxNodeId()));
                }
            }
            matchByKey(a.databases(), b.databases(), DatabaseInfo::name, "database", d -> q(d.name()), this::database);
            matchByKey(a.users(), b.users(), UserInfo::name, "user", u -> q(u.name()), this::user);
        }

        void counter(String field, long x, long y) {
            if (x == y) {
                return;
            }
            if (x == 0 || y == 0) {
                ignored.add(field + " (missing on one side)");
                return;
            }
            changed("metastore", "", field, Long.toUnsignedString(x), Long.toUnsignedString(y));
        }

        void nodes(String object, List<NodeInfo> a, List<NodeInfo> b) {
            matchByKey(a, b, NodeInfo::id, object, n -> Long.toUnsignedString(n.id()), (x, y) -> {
                String path = Long.toUnsignedString(x.id());
                field(object, path, "host", x.host(), y.host());
                field(object, path, "tcpHost", x.tcpHost(), y.tcpHost());
            });
        }

        void database(DatabaseInfo x, DatabaseInfo y) {
            String path = q(x.name());
            field("database", path, "defaultRetentionPolicy", x.defaultRetentionPolicy(), y.defaultRetentionPolicy());
            matchByKey(x.retentionPolicies(), y.retentionPolicies(), RetentionPolicyInfo::name, "retention policy",
                    r -> path + "." + q(r.name()), (r1, r2) -> retentionPolicy(path + "." + q(r1.name()), r1, r2));
            matchByKey(x.continuousQueries(), y.continuousQueries(), ContinuousQueryInfo::name, "continuous query",
                    c -> path + "." + q(c.name()), (c1, c2) -> field("continuous query", path + "." + q(c1.name()), "query", c1.query(), c2.query()));
        }

        void retentionPolicy(String path, RetentionPolicyInfo x, RetentionPolicyInfo y) {
            field("retention policy", path, "duration", GoDuration.format(x.duration()), GoDuration.format(y.duration()));
            field("retention policy", path, "shardGroupDuration", GoDuration.format(x.shardGroupDuration()),
                    GoDuration.format(y.shardGroupDuration()));
            field("retention policy", path, "replicaN", Integer.toUnsignedString(x.replicaN()), Integer.toUnsignedString(y.replicaN()));
            matchByKey(x.shardGroups(), y.shardGroups(), ShardGroupInfo::id, "shard group",
                    g -> path + " " + Long.toUnsignedString(g.id()), (g1, g2) -> shardGroup(path + " " + Long.toUnsignedString(g1.id()), g1, g2));
            matchByKey(x.subscriptions(), y.subscriptions(), SubscriptionInfo::name, "subscription",
                    s -> path + "." + q(s.name()), (s1, s2) -> {
                        String sp = path + "." + q(s1.name());
                        field("subscription", sp, "mode", s1.mode(), s2.mode());
                        field("subscription", sp, "destinations", String.join(",", s1.destinations()), String.join(",", s2.destinations()));
                    });
        }

        void shardGroup(String path, ShardGroupInfo x, ShardGroupInfo y) {
            if (x.startTime() != y.startTime()) {
                changed("shard group", path, "start", MetaShowCommand.time(x.startTime()), MetaShowCommand.time(y.startTime()));
            }
            if (x.endTime() != y.endTime()) {
                changed("shard group", path, "end", MetaShowCommand.time(x.endTime()), MetaShowCommand.time(y.endTime()));
            }
            if (x.deletedAt() != y.deletedAt()) {
                changed("shard group", path, "deletedAt", optTime(x.deletedAt()), optTime(y.deletedAt()));
            }
            if (x.truncatedAt() != y.truncatedAt()) {
                changed("shard group", path, "truncatedAt", optTime(x.truncatedAt()), optTime(y.truncatedAt()));
            }
            matchByKey(x.shards(), y.shards(), ShardInfo::id, "shard", s -> path + " shard " + Long.toUnsignedString(s.id()), (s1, s2) -> {
                if (!ignoreOwners && !new TreeSet<>(s1.owners()).equals(new TreeSet<>(s2.owners()))) {
                    changed("shard", path + " shard " + Long.toUnsignedString(s1.id()), "owners", s1.owners().toString(), s2.owners().toString());
                }
            });
        }

        void user(UserInfo x, UserInfo y) {
            String path = q(x.name());
            if (x.admin() != y.admin()) {
                changed("user", path, "admin", String.valueOf(x.admin()), String.valueOf(y.admin()));
            }
            if (!x.passwordHash().isEmpty() && !y.passwordHash().isEmpty()) {
                if (!x.passwordHash().equals(y.passwordHash())) {
                    changed("user", path, "password", "(hash A)", "(a different hash)");
                }
            } else if (x.passwordHash().isEmpty() != y.passwordHash().isEmpty()) {
                ignored.add("password hashes (missing on one side)");
            }
            Set<String> dbs = new TreeSet<>(x.privileges().keySet());
            dbs.addAll(y.privileges().keySet());
            for (String db : dbs) {
                Privilege p1 = x.privileges().get(db);
                Privilege p2 = y.privileges().get(db);
                String pp = path + " on " + q(db);
                if (p1 == null) {
                    out.add(new Difference("added", "privilege", pp, p2.label(), null, p2.label()));
                } else if (p2 == null) {
                    out.add(new Difference("removed", "privilege", pp, p1.label(), p1.label(), null));
                } else if (p1 != p2) {
                    changed("privilege", pp, "privilege", p1.label(), p2.label());
                }
            }
        }

        /**
         * Pairs two lists by key: what only A has was removed, what only B has was added, a pair that differs goes to
         * {@code same}. Where a key repeats on one side, its first element counts. Lists of up to 8 (most: a policy's
         * subscriptions, a shard's owners) are scanned; longer ones are indexed once.
         */
        <T, K> void matchByKey(List<T> xs, List<T> ys, Function<T, K> key, String object, Function<T, String> path,
                               java.util.function.BiConsumer<T, T> same) {
            if (xs.equals(ys)) {
                return; // deep record equality: nothing below can differ
            }
            boolean small = xs.size() <= 8 && ys.size() <= 8;
            Function<K, Integer> inA = small ? k -> first(xs, key, k) : index(xs, key)::get;
            Function<K, Integer> inB = small ? k -> first(ys, key, k) : index(ys, key)::get;
            for (int i = 0; i < xs.size(); i++) {
                T x = xs.get(i);
                K k = key.apply(x);
                if (inA.apply(k) != i) {
                    continue; // a repeat: its key's first element was compared
                }
                Integer j = inB.apply(k);
                T y = j == null ? null : ys.get(j);
                if (y == null) {
                    out.add(new Difference("removed", object, path.apply(x), null, null, null));
                } else if (!x.equals(y)) {
                    same.accept(x, y);
                }
            }
            for (int j = 0; j < ys.size(); j++) {
                T y = ys.get(j);
                K k = key.apply(y);
                if (inB.apply(k) == j && inA.apply(k) == null) {
                    out.add(new Difference("added", object, path.apply(y), null, null, null));
                }
            }
        }

        /** The position of the first of {@code ts} with key {@code k}, or null. */
        private static <T, K> Integer first(List<T> ts, Function<T, K> key, K k) {
            for (int i = 0; i < ts.size(); i++) {
                if (key.apply(ts.get(i)).equals(k)) {
                    return i;
                }
            }
            return null;
        }

        /** Each key's first position in {@code ts}. */
        private static <T, K> Map<K, Integer> index(List<T> ts, Function<T, K> key) {
            Map<K, Integer> m = new HashMap<>(Math.max(16, ts.size() * 2));
            for (int i = 0; i < ts.size(); i++) {
                m.putIfAbsent(key.apply(ts.get(i)), i);
            }
            return m;
        }

        void field(String object, String path, String field, String x, String y) {
            if (!Objects.equals(x, y)) {
                changed(object, path, field, x, y);
            }
        }

        void changed(String object, String path, String field, String x, String y) {
            out.add(new Difference("changed", object, path, field, x, y));
        }

        static String optTime(long t) {
            return t == 0 ? "(not set)" : MetaShowCommand.time(t);
        }

        static String q(String s) {
            return MetaStoreCodec.quote(s);
        }
    }
}
