package io.influxupgrade.shell.command;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaDiff;
import io.influxupgrade.commands.meta.MetaDiffCommand;
import io.influxupgrade.commands.meta.MetaReport;
import io.influxupgrade.commands.meta.MetaShowCommand;
import io.influxupgrade.commands.meta.MetaShowCommand.Section;
import io.influxupgrade.commands.session.BackupRefs;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.Text;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adapters for {@code meta show} and {@code meta diff}: read a metastore from files (no server), render it.
 * {@code meta diff live SOURCE} compares the connected server with a metastore on disk (as {@code verify meta} does);
 * {@code meta show} reads files only.
 */
@Command(command = "meta", group = "Metastore")
public class MetaCommands {

    static final String LIVE = "live";
    /** The backups that hold a metastore, newest first for 'latest'. */
    private static final List<String> BACKUP_KINDS = List.of("meta-dir", "metastore");

    private final Workspace ws;
    private final Output out;
    private final org.springframework.beans.factory.ObjectProvider<VerifyCommands> verify;

    public MetaCommands(Workspace ws, Output out, org.springframework.beans.factory.ObjectProvider<VerifyCommands> verify) {
        this.verify = verify;
        this.ws = ws;
        this.out = out;
    }

    @Command(command = "show", description = "Show a metastore read from files, with no server running: databases, "
            + "retention policies, shard groups (deleted ones flagged), shards, users and privileges (never a password hash), "
            + "continuous queries, subscriptions. SOURCE is a meta dir, meta.db, legacy meta.NN or backup dir, portable "
            + "*.manifest, 0.10/0.11 raft meta dir, a backup id of the session or latest (default: the session's meta dir). "
            + "Example: meta show /var/lib/influxdb/meta --section retention-policies")
    public void show(
            @Option(label = "SOURCE", longNames = "source", arityMax = 1, description = "meta dir, meta.db, meta.NN, backup dir, portable manifest, backup id or latest (default: the session's meta dir)")
            @OptionValues(provider = "paths") String source,
            @Option(label = "DB", longNames = "db", arityMax = 1, description = "only this database (users are still listed)")
            @OptionValues(provider = "metaDatabases") String db,
            @Option(label = "SECTION", longNames = "section", arityMax = 1, description = "databases|retention-policies|shard-groups|shards|users|continuous-queries|subscriptions|summary")
            @OptionValues(provider = "metaSections") String section) {
        Section s = section == null || section.isBlank() ? null : Section.fromWord(section);
        String src = source(source);
        MetaReport r = new MetaShowCommand().run(new MetaShowCommand.Request(src, db, s));
        out.emit(r, t -> render(t, r, s));
    }

    @Command(command = "diff", description = "Compare two metastores read from files and list every database, retention "
            + "policy, shard group, shard, user, privilege, continuous query or subscription added, removed or changed. "
            + "Ignores raft term/index, 0.10/0.11 node ids and the cluster id (unless --strict). Exit 4 when they differ. "
            + "Example: meta diff /var/lib/influxdb/meta /backups/pre-upgrade/meta.00 --strict")
    public void diff(
            @Option(label = "SOURCE", longNames = "source-a", arityMax = 1, required = true, description = "the first metastore (file or directory)")
            @OptionValues(provider = "paths") String a,
            @Option(label = "SOURCE", longNames = "source-b", arityMax = 1, required = true, description = "the second metastore (file or directory)")
            @OptionValues(provider = "paths") String b,
            @Option(longNames = "strict", description = "also compare the cluster id") boolean strict) {
        boolean liveA = LIVE.equalsIgnoreCase(a.strip());
        boolean liveB = LIVE.equalsIgnoreCase(b.strip());
        if (liveA && liveB) {
            throw UpgradeException.usage("meta diff: compare 'live' with a file or directory, not with itself");
        }
        if (liveA || liveB) {
            // the proof that nothing was lost: the connected server against a metastore on disk
            verify.getObject().meta(io.influxupgrade.commands.session.SessionPaths.typed(backupRef(liveA ? b : a)));
            return;
        }
        MetaDiff d = new MetaDiffCommand().run(new MetaDiffCommand.Request(backupRef(a), backupRef(b), strict));
        out.emit(d, t -> render(t, d));
    }

    private String source(String given) {
        if (given != null && !given.isBlank()) {
            refuseLive("meta show", given);
            return backupRef(given);
        }
        if (!ws.hasSession()) {
            throw UpgradeException.notReady("meta show: no SOURCE given and no session open (give a path, e.g. "
                    + "'meta show /var/lib/influxdb/meta', or run 'session new NAME --from VERSION' / 'session open NAME')");
        }
        String metaDir = ws.session().getMetaDir();
        if (metaDir == null || metaDir.isBlank()) {
            throw UpgradeException.notReady("meta show: the session has no meta dir (run 'session set meta-dir DIR' or give SOURCE)");
        }
        return metaDir;
    }

    /** 'latest', a backup id or a path, resolved as restore --from resolves them; an unknown word stays a path. */
    private String backupRef(String given) {
        boolean session = ws.hasSession();
        return BackupRefs.resolve(session ? ws.session() : null, session ? ws.backupRoot() : null, given, BACKUP_KINDS)
                .map(Path::toString).orElse(given);
    }

    private static void refuseLive(String command, String source) {
        if (source != null && LIVE.equalsIgnoreCase(source.strip())) {
            throw UpgradeException.usage(command + ": live sources need 'verify meta' (this command reads files only; "
                    + "give a meta dir, meta.db or backup path)");
        }
    }

    // ------------------------------------------------------------------ text rendering

    static void render(Text t, MetaReport r, Section section) {
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

    static void render(Text t, MetaDiff d) {
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
