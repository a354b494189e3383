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

        Map<String, Map<String, String>> renames = new LinkedHashMap<>();
        eachByName(byName(before.databases(), Baseline.Database::name), byName(now.databases(), Baseline.Database::name),
                db -> "database " + InfluxQl.display(db), diffs, (db, obj, x, y) -> {
                    Map<String, String> rename = rpRenames(x, y, h);
                    if (!rename.isEmpty()) {
                        renames.put(db, rename);
                        rename.forEach((from, to) -> notes.add("retention policy " + InfluxQl.display(db) + "."
                                + InfluxQl.display(from) + " compared as " + InfluxQl.display(to) + " (upgrade path " + h + " renames it)"));
                    }
                    compareRps(db, x, y, rename, before, now, diffs, notes);
                    eachByName(byName(x.continuousQueries(), Baseline.ContinuousQuery::name),
                            byName(y.continuousQueries(), Baseline.ContinuousQuery::name),
                            cq -> "continuous query " + InfluxQl.display(db) + "." + InfluxQl.display(cq), diffs, (cq, o, p, q) -> {
                                if (!Objects.equals(p.query(), q.query())) {
                                    diffs.add(Difference.changed(o, "query", p.query(), q.query(), true));
                                }
                            });
                });

        eachByName(byName(before.users(), Baseline.User::name), byName(now.users(), Baseline.User::name),
                u -> "user " + InfluxQl.display(u), diffs, (u, obj, x, y) -> {
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
                });

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
        eachByName(rx, ry, rp -> "retention policy " + InfluxQl.display(db) + "." + InfluxQl.display(rp), diffs, (rp, obj, p, q) -> {
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
            eachByName(byName(p.subscriptions(), Baseline.Subscription::name),
                    byName(q.subscriptions(), Baseline.Subscription::name),
                    sub -> "subscription " + InfluxQl.display(db) + "." + InfluxQl.display(rp) + "." + InfluxQl.display(sub), diffs,
                    (sub, o, sx, sy) -> {
                        if (!Objects.equals(sx.mode(), sy.mode())) {
                            diffs.add(Difference.changed(o, "mode", sx.mode(), sy.mode(), true));
                        }
                        if (!sx.destinations().equals(sy.destinations())) {
                            diffs.add(Difference.changed(o, "destinations", String.join(",", sx.destinations()),
                                    String.join(",", sy.destinations()), true));
                        }
                    });
        });
    }

    /** Compares what {@code eachByName} finds on both sides: its name, the object's words, before and now. */
    @FunctionalInterface
    private interface OnBoth<T> {
        void compare(String name, String object, T before, T now);
    }

    /**
     * Every name on either side, in order: one side only is a missing or added {@code object(name)} (see
     * {@link #onBoth}); on both sides, {@code compare} looks inside.
     */
    private static <T> void eachByName(Map<String, T> before, Map<String, T> now, Function<String, String> object,
                                       List<Difference> diffs, OnBoth<T> compare) {
        for (String name : union(before.keySet(), now.keySet())) {
            String obj = object.apply(name);
            T x = before.get(name);
            T y = now.get(name);
            if (onBoth(obj, x, y, diffs)) {
                compare.compare(name, obj, x, y);
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
