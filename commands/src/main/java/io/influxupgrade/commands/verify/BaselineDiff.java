package io.influxupgrade.commands.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares two {@link Baseline}s object by object. Normalisation rules, each the only licence to ignore a
 * difference: an attribute one side did not report (null, e.g. {@code shardGroupDuration} before 1.0)
 * is not compared; durations compare by value; {@code default} ↔ {@code autogen} retention policy names
 * match only when the {@link UpgradePathHint} crosses 0.x → 1.x; ids, owners and node ids are not in the
 * model at all; more shards or points than before is reported but does not fail.
 */
public final class BaselineDiff {

    private BaselineDiff() {
    }

    public static BaselineComparison compare(Baseline before, Baseline now, UpgradePathHint hint) {
        UpgradePathHint h = hint == null ? UpgradePathHint.NONE : hint;
        List<Difference> diffs = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>(before.notes());
        notes.addAll(now.notes());

        Map<String, Baseline.Database> a = byName(before.databases(), Baseline.Database::name);
        Map<String, Baseline.Database> b = byName(now.databases(), Baseline.Database::name);
        Map<String, Map<String, String>> renames = new LinkedHashMap<>();
        for (String db : union(a.keySet(), b.keySet())) {
            String obj = "database " + InfluxQl.display(db);
            Baseline.Database x = a.get(db);
            Baseline.Database y = b.get(db);
            if (!onBoth(obj, x, y, diffs)) {
                continue;
            }
            Map<String, String> rename = rpRenames(x, y, h);
            if (!rename.isEmpty()) {
                renames.put(db, rename);
                rename.forEach((from, to) -> notes.add("retention policy " + InfluxQl.display(db) + "." + InfluxQl.display(from)
                        + " compared as " + InfluxQl.display(to) + " (upgrade path " + h + " renames it)"));
            }
            compareRps(db, x, y, rename, before, now, diffs, notes);
            Map<String, Baseline.ContinuousQuery> cx = byName(x.continuousQueries(), Baseline.ContinuousQuery::name);
            Map<String, Baseline.ContinuousQuery> cy = byName(y.continuousQueries(), Baseline.ContinuousQuery::name);
            for (String cq : union(cx.keySet(), cy.keySet())) {
                String o = "continuous query " + InfluxQl.display(db) + "." + InfluxQl.display(cq);
                if (onBoth(o, cx.get(cq), cy.get(cq), diffs) && !Objects.equals(cx.get(cq).query(), cy.get(cq).query())) {
                    diffs.add(Difference.changed(o, "query", cx.get(cq).query(), cy.get(cq).query(), true));
                }
            }
        }

        Map<String, Baseline.User> ua = byName(before.users(), Baseline.User::name);
        Map<String, Baseline.User> ub = byName(now.users(), Baseline.User::name);
        for (String u : union(ua.keySet(), ub.keySet())) {
            String obj = "user " + InfluxQl.display(u);
            Baseline.User x = ua.get(u);
            Baseline.User y = ub.get(u);
            if (!onBoth(obj, x, y, diffs)) {
                continue;
            }
            if (x.admin() != y.admin()) {
                diffs.add(Difference.changed(obj, "admin", x.admin(), y.admin(), true));
            }
            for (String db : union(x.grants().keySet(), y.grants().keySet())) {
                String o = "grant of " + obj + " on " + InfluxQl.display(db);
                String gx = x.grants().get(db);
                String gy = y.grants().get(db);
                if (gy == null) {
                    diffs.add(new Difference(o, "missing", "privilege", gx, "NO PRIVILEGES", true));
                } else if (gx == null) {
                    diffs.add(new Difference(o, "added", "privilege", "NO PRIVILEGES", gy, true));
                } else if (!gx.equals(gy)) {
                    diffs.add(Difference.changed(o, "privilege", gx, gy, true));
                }
            }
        }

        compareData(before.data(), now.data(), diffs);
        compareCounts(before, now, renames, diffs);
        return new BaselineComparison(before.name(), before.serverVersion(), now.serverVersion(), diffs, new ArrayList<>(notes));
    }

    private static void compareRps(String db, Baseline.Database x, Baseline.Database y, Map<String, String> rename,
                                   Baseline before, Baseline now, List<Difference> diffs, Set<String> notes) {
        Map<String, Baseline.RetentionPolicy> rx = new LinkedHashMap<>();
        for (Baseline.RetentionPolicy r : x.retentionPolicies()) {
            rx.put(rename.getOrDefault(r.name(), r.name()), r);
        }
        Map<String, Baseline.RetentionPolicy> ry = byName(y.retentionPolicies(), Baseline.RetentionPolicy::name);
        for (String rp : union(rx.keySet(), ry.keySet())) {
            String obj = "retention policy " + InfluxQl.display(db) + "." + InfluxQl.display(rp);
            Baseline.RetentionPolicy p = rx.get(rp);
            Baseline.RetentionPolicy q = ry.get(rp);
            if (!onBoth(obj, p, q, diffs)) {
                continue;
            }
            attribute(obj, "duration", p.duration(), q.duration(), before, now, diffs, notes);
            attribute(obj, "shardGroupDuration", p.shardGroupDuration(), q.shardGroupDuration(), before, now, diffs, notes);
            attribute(obj, "replicaN", p.replicaN(), q.replicaN(), before, now, diffs, notes);
            if (p.isDefault() != q.isDefault()) {
                diffs.add(Difference.changed(obj, "default", p.isDefault(), q.isDefault(), true));
            }
            if (p.shards() != null && q.shards() != null) {
                int g0 = p.shards().shardGroups(), g1 = q.shards().shardGroups();
                int s0 = p.shards().shards(), s1 = q.shards().shards();
                if (g0 != g1) {
                    diffs.add(Difference.changed("shards of " + obj, "shardGroups", g0, g1, g1 < g0));
                }
                if (s0 != s1) {
                    diffs.add(Difference.changed("shards of " + obj, "shards", s0, s1, s1 < s0));
                }
            }
            Map<String, Baseline.Subscription> sx = byName(p.subscriptions(), Baseline.Subscription::name);
            Map<String, Baseline.Subscription> sy = byName(q.subscriptions(), Baseline.Subscription::name);
            for (String s : union(sx.keySet(), sy.keySet())) {
                String o = "subscription " + InfluxQl.display(db) + "." + InfluxQl.display(rp) + "." + InfluxQl.display(s);
                if (onBoth(o, sx.get(s), sy.get(s), diffs)) {
                    if (!Objects.equals(sx.get(s).mode(), sy.get(s).mode())) {
                        diffs.add(Difference.changed(o, "mode", sx.get(s).mode(), sy.get(s).mode(), true));
                    }
                    if (!sx.get(s).destinations().equals(sy.get(s).destinations())) {
                        diffs.add(Difference.changed(o, "destinations", String.join(",", sx.get(s).destinations()),
                                String.join(",", sy.get(s).destinations()), true));
                    }
                }
            }
        }
    }

    /** Records {@code obj} as missing or added when only one side has it; true when both have it, to be compared. */
    private static boolean onBoth(String obj, Object before, Object now, List<Difference> diffs) {
        if (now == null) {
            diffs.add(Difference.missing(obj));
            return false;
        }
        if (before == null) {
            diffs.add(Difference.added(obj));
            return false;
        }
        return true;
    }

    private static void attribute(String obj, String attr, Object a, Object b, Baseline before, Baseline now,
                                  List<Difference> diffs, Set<String> notes) {
        if (a == null || b == null) {
            if (a != null || b != null) {
                Baseline silent = a == null ? before : now;
                notes.add(attr + " not reported by " + (a == null ? "the baseline" : "the server now")
                        + (silent.serverVersion() == null ? "" : " (InfluxDB " + silent.serverVersion() + ")") + "; not compared");
            }
            return;
        }
        if (!a.equals(b)) {
            diffs.add(Difference.changed(obj, attr, a, b, true));
        }
    }

    /** {@code default} ↔ {@code autogen}, only for a 0.x → 1.x path and only when the name moved. */
    private static Map<String, String> rpRenames(Baseline.Database x, Baseline.Database y, UpgradePathHint h) {
        if (!h.renamesDefaultRetentionPolicy()) {
            return Map.of();
        }
        Set<String> nx = new TreeSet<>();
        x.retentionPolicies().forEach(r -> nx.add(r.name()));
        Set<String> ny = new TreeSet<>();
        y.retentionPolicies().forEach(r -> ny.add(r.name()));
        if (nx.contains("default") && !nx.contains("autogen") && ny.contains("autogen") && !ny.contains("default")) {
            return Map.of("default", "autogen");
        }
        if (nx.contains("autogen") && !nx.contains("default") && ny.contains("default") && !ny.contains("autogen")) {
            return Map.of("autogen", "default");
        }
        return Map.of();
    }

    private static void compareCounts(Baseline before, Baseline now, Map<String, Map<String, String>> renames, List<Difference> diffs) {
        Map<String, Baseline.PointCount> cb = new LinkedHashMap<>();
        for (Baseline.PointCount c : before.counts()) {
            String rp = renames.getOrDefault(c.database(), Map.of()).getOrDefault(c.retentionPolicy(), c.retentionPolicy());
            cb.put(key(c.database(), rp, c.measurement()), c);
        }
        if (cb.isEmpty()) {
            return;
        }
        Map<String, Baseline.PointCount> cn = new LinkedHashMap<>();
        for (Baseline.PointCount c : now.counts()) {
            cn.put(key(c.database(), c.retentionPolicy(), c.measurement()), c);
        }
        for (Map.Entry<String, Baseline.PointCount> e : cb.entrySet()) {
            Baseline.PointCount p = e.getValue();
            Baseline.PointCount q = cn.get(e.getKey());
            String obj = "points of " + InfluxQl.display(p.database()) + "." + InfluxQl.display(p.retentionPolicy()) + "."
                    + InfluxQl.display(p.measurement()) + " in [" + (p.from() == null ? "start" : p.from()) + ", " + p.to() + ")";
            for (Map.Entry<String, Long> f : p.fields().entrySet()) {
                long was = f.getValue();
                long is = q == null ? 0 : q.fields().getOrDefault(f.getKey(), 0L);
                if (is < was) {
                    diffs.add(Difference.changed(obj, "count of " + InfluxQl.display(f.getKey()), was, is, true));
                } else if (is > was) {
                    diffs.add(Difference.grew(obj, "count of " + InfluxQl.display(f.getKey()), was, is));
                }
            }
        }
    }

    /** Relative tolerance when either side's series count is {@code SHOW SERIES CARDINALITY}'s estimate (HLL++, ~0.4% error). */
    static final double ESTIMATE_TOLERANCE = 0.01;

    /**
     * Series and measurements per database, when both sides recorded them: fewer series or a measurement gone is a
     * loss; more series or a new measurement is growth (not a failure). A database missing on one side is already
     * reported as such.
     */
    private static void compareData(Baseline.DataFingerprint before, Baseline.DataFingerprint now, List<Difference> diffs) {
        if (before == null || now == null) {
            return;
        }
        for (Baseline.DatabaseData x : before.databases()) {
            Baseline.DatabaseData y = now.database(x.database());
            if (y == null) {
                continue;
            }
            String db = InfluxQl.display(x.database());
            if (x.series() != null && y.series() != null && !x.series().equals(y.series())) {
                long was = x.series();
                long is = y.series();
                boolean estimated = x.seriesEstimated() || y.seriesEstimated();
                String obj = "series of database " + db;
                String attr = estimated ? "series (estimated)" : "series";
                if (is > was) {
                    diffs.add(Difference.grew(obj, attr, was, is));
                } else if (estimated && was - is <= Math.ceil(was * ESTIMATE_TOLERANCE)) {
                    diffs.add(new Difference(obj, "within estimate", attr, String.valueOf(was), String.valueOf(is), false));
                } else {
                    diffs.add(Difference.changed(obj, attr, was, is, true));
                }
            }
            if (x.measurements() != null && y.measurements() != null) {
                Set<String> a = new TreeSet<>(x.measurements());
                Set<String> b = new TreeSet<>(y.measurements());
                for (String m : union(a, b)) {
                    String obj = "measurement " + db + "." + InfluxQl.display(m);
                    if (!b.contains(m)) {
                        diffs.add(Difference.missing(obj));
                    } else if (!a.contains(m)) {
                        diffs.add(new Difference(obj, "grew", null, "absent", "present", false));
                    }
                }
            }
        }
    }

    private static String key(String db, String rp, String m) {
        return db + '\u0000' + rp + '\u0000' + m;
    }

    private static <T> Map<String, T> byName(List<T> list, Function<T, String> name) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : list) {
            m.put(name.apply(t), t);
        }
        return m;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }
}
