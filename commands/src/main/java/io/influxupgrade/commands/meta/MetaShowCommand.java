package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.codec.GoDuration;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaData.ContinuousQueryInfo;
import io.influxupgrade.commands.meta.MetaData.DatabaseInfo;
import io.influxupgrade.commands.meta.MetaData.RetentionPolicyInfo;
import io.influxupgrade.commands.meta.MetaData.ShardGroupInfo;
import io.influxupgrade.commands.meta.MetaData.ShardInfo;
import io.influxupgrade.commands.meta.MetaData.SubscriptionInfo;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code meta show}: reads a metastore from a file or directory, with no server running, and reports it. */
public final class MetaShowCommand {

    /** The parts of the report a caller may ask for; every section but SUMMARY uses the full report. */
    public enum Section {
        DATABASES, RETENTION_POLICIES, SHARD_GROUPS, SHARDS, USERS, CONTINUOUS_QUERIES, SUBSCRIPTIONS, SUMMARY;

        /** The option word, e.g. {@code retention-policies}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Section fromWord(String word) {
            for (Section s : values()) {
                if (s.word().equalsIgnoreCase(word)) {
                    return s;
                }
            }
            throw UpgradeException.usage("meta show: unknown section '" + word + "' (use one of databases, retention-policies, "
                    + "shard-groups, shards, users, continuous-queries, subscriptions, summary)");
        }
    }

    /** {@code source}: a file or directory path; {@code db} and {@code section} may be null. */
    public record Request(String source, String db, Section section) {
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

    /** The session's {@code meta show [SOURCE]}: SOURCE as typed ({@link MetaRefs}), default the session's meta dir. */
    public MetaReport run(io.influxupgrade.commands.session.Workspace ws, String source, String db, Section section) {
        return run(new Request(MetaRefs.showSource(ws, source), db, section));
    }

    public MetaReport run(Request request) {
        if (request.source() == null || request.source().isBlank()) {
            throw UpgradeException.usage("meta show: no source given (a meta dir, meta.db, meta.NN, backup dir or portable manifest)");
        }
        Path path;
        try {
            path = Path.of(request.source());
        } catch (InvalidPathException e) {
            throw UpgradeException.usage("meta show: '" + request.source() + "' is not a valid path");
        }
        return report(MetaSources.read(path), request.db(), request.section());
    }

    /** Builds the report of an already read snapshot (also used by other commands). */
    public static MetaReport report(MetaSnapshot snap, String db, Section section) {
        MetaData data = snap.data();
        List<DatabaseInfo> dbs = data.databases();
        if (db != null && !db.isEmpty()) {
            dbs = dbs.stream().filter(d -> d.name().equals(db)).toList();
            if (dbs.isEmpty()) {
                List<String> names = data.databases().stream().map(DatabaseInfo::name).limit(10).toList();
                throw UpgradeException.usage("meta show: database " + MetaStoreCodec.quote(db) + " is not in " + snap.source()
                        + " (it has " + (names.isEmpty() ? "no databases" : String.join(", ", names)
                        + (data.databases().size() > 10 ? ", ..." : "")) + ")");
            }
        }
        BigInteger clusterId = new BigInteger(Long.toUnsignedString(data.clusterId()));
        List<String> warnings = snap.warnings().isEmpty() ? null : snap.warnings();
        if (section == Section.SUMMARY) {
            return new MetaReport(snap.source(), snap.format(), data.index(), clusterId, null, null,
                    summary(data.withDatabases(dbs)), snap.notIncludedLogEntries(), warnings);
        }
        List<MetaReport.Database> out = new ArrayList<>(dbs.size());
        for (DatabaseInfo d : dbs) {
            List<MetaReport.RetentionPolicy> rps = new ArrayList<>(d.retentionPolicies().size());
            for (RetentionPolicyInfo r : d.retentionPolicies()) {
                List<MetaReport.ShardGroup> groups = new ArrayList<>(r.shardGroups().size());
                for (ShardGroupInfo g : r.shardGroups()) {
                    List<MetaReport.Shard> shards = new ArrayList<>(g.shards().size());
                    for (ShardInfo s : g.shards()) {
                        shards.add(new MetaReport.Shard(s.id(), s.owners()));
                    }
                    groups.add(new MetaReport.ShardGroup(g.id(), time(g.startTime()), time(g.endTime()),
                            g.deletedAt() == 0 ? null : time(g.deletedAt()), g.truncatedAt() == 0 ? null : time(g.truncatedAt()),
                            shards));
                }
                List<MetaReport.Subscription> subs = new ArrayList<>();
                for (SubscriptionInfo s : r.subscriptions()) {
                    subs.add(new MetaReport.Subscription(s.name(), s.mode(), s.destinations()));
                }
                rps.add(new MetaReport.RetentionPolicy(r.name(), GoDuration.format(r.duration()),
                        GoDuration.format(r.shardGroupDuration()), r.replicaN(), groups, subs));
            }
            List<MetaReport.ContinuousQuery> cqs = new ArrayList<>();
            for (ContinuousQueryInfo c : d.continuousQueries()) {
                cqs.add(new MetaReport.ContinuousQuery(c.name(), c.query()));
            }
            out.add(new MetaReport.Database(d.name(), d.defaultRetentionPolicy(), rps, cqs));
        }
        List<MetaReport.User> users = new ArrayList<>(data.users().size());
        for (UserInfo u : data.users()) {
            Map<String, String> privs = new LinkedHashMap<>();
            u.privileges().forEach((k, v) -> privs.put(k, v.label()));
            users.add(new MetaReport.User(u.name(), u.admin(), privs));
        }
        return new MetaReport(snap.source(), snap.format(), data.index(), clusterId, out, users, null,
                snap.notIncludedLogEntries(), warnings);
    }

    /** Counts of a metastore. */
    public static MetaReport.Summary summary(MetaData data) {
        Map<MetaStoreCodec.Kind, Long> c = MetaStoreCodec.count(data);
        return new MetaReport.Summary(c.get(MetaStoreCodec.Kind.DATABASES), c.get(MetaStoreCodec.Kind.RETENTION_POLICIES),
                c.get(MetaStoreCodec.Kind.SHARD_GROUPS), c.get(MetaStoreCodec.Kind.DELETED_SHARD_GROUPS),
                c.get(MetaStoreCodec.Kind.SHARDS), c.get(MetaStoreCodec.Kind.CONTINUOUS_QUERIES),
                c.get(MetaStoreCodec.Kind.SUBSCRIPTIONS), c.get(MetaStoreCodec.Kind.USERS), c.get(MetaStoreCodec.Kind.ADMINS));
    }

    /** Unix nanoseconds as RFC3339 in UTC, with Go's RFC3339Nano trimming of the fraction ({@code 2026-11-23T00:00:00Z}). */
    public static String time(long unixNanos) {
        long secs = Math.floorDiv(unixNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(unixNanos, 1_000_000_000L);
        String base = LocalDateTime.ofEpochSecond(secs, 0, ZoneOffset.UTC).format(SECONDS);
        if (nanos == 0) {
            return base + "Z";
        }
        String frac = String.format("%09d", nanos);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0') {
            end--;
        }
        return base + "." + frac.substring(0, end) + "Z";
    }
}
