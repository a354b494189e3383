package io.influxupgrade.shell.render;

import io.influxupgrade.commands.meta.MetaDiff;
import io.influxupgrade.commands.meta.MetaReport;
import io.influxupgrade.commands.meta.MetaShowCommand.Section;
import io.influxupgrade.shell.render.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a metastore and a metastore diff read as text. */
public final class MetaView {

    private MetaView() {
    }

    public static void show(Text t, MetaReport r, Section section) {
        t.line("metastore " + r.source() + "  (" + r.format() + ", raft index " + r.index() + ", cluster id " + r.clusterId() + ")");
        warnings(t, r);
        if (section == Section.SUMMARY) {
            t.blank();
            table(t, r, Section.SUMMARY);
            return;
        }
        List<Section> sections = section == null
                ? List.of(Section.DATABASES, Section.RETENTION_POLICIES, Section.SHARD_GROUPS, Section.SHARDS, Section.USERS,
                        Section.CONTINUOUS_QUERIES, Section.SUBSCRIPTIONS)
                : List.of(section);
        for (Section s : sections) {
            t.blank().heading(title(s));
            table(t, r, s);
        }
        t.blank().line(summaryLine(r));
    }

    private static void warnings(Text t, MetaReport r) {
        if (r.warnings() == null || r.warnings().isEmpty()) {
            return;
        }
        for (String w : r.warnings()) {
            t.line(t.style().warn("WARNING: ") + w);
        }
    }

    private static void table(Text t, MetaReport r, Section s) {
        List<List<String>> rows = s == Section.SHARD_GROUPS ? shardGroupRows(t, r) : r.rows(s);
        if (rows.size() <= 1) {
            t.line(t.style().dim("  (none)"));
            return;
        }
        // InfluxDB's own column names (shardGroupDuration, replicaN) stay as SHOW RETENTION POLICIES prints them
        List<String> headers = rows.get(0).stream().map(h -> h.equals(h.toLowerCase(Locale.ROOT)) ? h.toUpperCase(Locale.ROOT) : h).toList();
        List<List<String>> body = new ArrayList<>(rows.subList(1, rows.size()));
        if (s == Section.SHARDS) {
            int deleted = rows.get(0).indexOf("deleted");
            if (deleted >= 0) {
                body.replaceAll(row -> styled(row, deleted, c -> c.isEmpty() ? c : t.style().error(c.toUpperCase(Locale.ROOT))));
            }
        }
        t.table(headers, body);
    }

    /** Shard groups with a STATE column that says DELETED (and when) instead of an easy-to-miss timestamp. */
    private static List<List<String>> shardGroupRows(Text t, MetaReport r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("database", "retention policy", "id", "start", "end", "state", "truncated at", "shards"));
        for (MetaReport.Database d : dbs(r)) {
            for (MetaReport.RetentionPolicy p : d.retentionPolicies()) {
                for (MetaReport.ShardGroup g : p.shardGroups()) {
                    rows.add(List.of(d.name(), p.name(), Long.toUnsignedString(g.id()), g.start(), g.end(),
                            g.deleted() ? t.style().error("DELETED " + g.deletedAt()) : "live",
                            g.truncatedAt() == null ? "" : g.truncatedAt(), String.valueOf(g.shards().size())));
                }
            }
        }
        return rows;
    }

    private static List<String> styled(List<String> row, int col, java.util.function.UnaryOperator<String> f) {
        List<String> copy = new ArrayList<>(row);
        copy.set(col, f.apply(copy.get(col)));
        return copy;
    }

    /** One line of counts of what the report lists. */
    static String summaryLine(MetaReport r) {
        long rps = 0, groups = 0, deleted = 0, shards = 0, cqs = 0, subs = 0;
        for (MetaReport.Database d : dbs(r)) {
            cqs += d.continuousQueries().size();
            for (MetaReport.RetentionPolicy p : d.retentionPolicies()) {
                rps++;
                subs += p.subscriptions().size();
                for (MetaReport.ShardGroup g : p.shardGroups()) {
                    if (g.deleted()) {
                        deleted++;
                    } else {
                        groups++;
                    }
                    shards += g.shards().size();
                }
            }
        }
        List<MetaReport.User> users = r.users() == null ? List.of() : r.users();
        long admins = users.stream().filter(MetaReport.User::admin).count();
        return "summary: " + dbs(r).size() + " databases, " + rps + " retention policies, " + groups + " shard groups"
                + (deleted > 0 ? " (+" + deleted + " deleted)" : "") + ", " + shards + " shards, " + users.size() + " users ("
                + admins + " admin), " + cqs + " continuous queries, " + subs + " subscriptions";
    }

    private static List<MetaReport.Database> dbs(MetaReport r) {
        return r.databases() == null ? List.of() : r.databases();
    }

    private static String title(Section s) {
        return s.word().replace('-', ' ');
    }

    public static void diff(Text t, MetaDiff d) {
        t.line("meta diff " + d.a() + (d.formatA() == null ? "" : " (" + d.formatA() + ")") + "  →  " + d.b()
                + (d.formatB() == null ? "" : " (" + d.formatB() + ")") + (d.strict() ? "  [strict]" : ""));
        if (!d.differences().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (MetaDiff.Difference x : d.differences()) {
                String object = x.path() == null || x.path().isEmpty() ? x.object() : x.object() + " " + x.path();
                String change = switch (x.change()) {
                    case "added" -> t.style().ok(x.change());
                    case "removed" -> t.style().error(x.change());
                    default -> t.style().warn(x.change());
                };
                rows.add(List.of(change, object, nz(x.field()), nz(x.a()), nz(x.b())));
            }
            t.blank().table(List.of("CHANGE", "OBJECT", "FIELD", "A", "B"), rows);
        }
        if (!d.ignored().isEmpty()) {
            t.blank();
            d.ignored().forEach(i -> t.line(t.style().dim("ignored: " + i)));
        }
        t.blank().line(d.equal() ? t.style().ok("metastores are equal")
                : t.style().error(d.differences().size() + " difference" + (d.differences().size() == 1 ? "" : "s")));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
