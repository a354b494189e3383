package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.UserInfo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Compares the live server with an offline metastore ({@code meta.db}, {@code meta.NN}, a portable backup or a
 * 0.10/0.11 raft meta dir, read by {@link MetaSources}): the metastore becomes a {@link Baseline} with the same
 * normalisation as a live one and {@link BaselineDiff} compares the two object by object (the metastore is the
 * "baseline" side). Fails (exit 4) on any real difference.
 */
public final class VerifyMetaCommand {

    /** {@code source}: any path {@link MetaSources#read} accepts; {@code hint}: the session's upgrade path. */
    public record Request(Path source, UpgradePathHint hint) {
    }

    private final Clock clock;

    public VerifyMetaCommand(Clock clock) {
        this.clock = clock;
    }

    /** The session's {@code verify meta [SOURCE]}: {@code source} null is the session's meta dir; normalised for its upgrade path. */
    public Request request(io.influxupgrade.commands.session.Workspace ws, Path source) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.hasSession() ? ws.session() : null;
        Path path = source != null ? source.toAbsolutePath() : s == null ? null : s.getMetaDir() == null ? null : Path.of(s.getMetaDir());
        if (path == null) {
            throw io.influxupgrade.commands.UpgradeException.usage("verify meta: no SOURCE and no session meta dir (pass SOURCE or "
                    + "'session set meta-dir DIR')");
        }
        return new Request(path, s == null ? UpgradePathHint.NONE : new UpgradePathHint(s.from(), s.to()));
    }

    public BaselineComparison run(InfluxQuery client, Request request) {
        if (request.source() == null) {
            throw UpgradeException.usage("verify meta: no metastore source (pass SOURCE, or set the session's meta dir)");
        }
        MetaSnapshot snapshot = MetaSources.read(request.source());
        Baseline offline = toBaseline(snapshot, clock.instant());
        Baseline live = new BaselineCollector(client).collect("live", clock.instant(), 0, List.of());
        return BaselineDiff.compare(offline, live, request.hint());
    }

    /**
     * The metastore as a baseline: what SHOW DATABASES / RETENTION POLICIES / SUBSCRIPTIONS / CONTINUOUS QUERIES /
     * USERS / GRANTS would print, and the shard groups SHOW SHARDS lists (not deleted, with shards; {@code _internal}
     * left out as in a live baseline). A zero shard group duration or replica count means "not recorded" (not compared).
     */
    public static Baseline toBaseline(MetaSnapshot snapshot, Instant takenAt) {
        Baseline.Builder b = Baseline.builder("metastore").takenAt(takenAt).source(snapshot.source())
                .serverVersion(snapshot.format());
        MetaData data = snapshot.data();
        for (MetaData.DatabaseInfo d : data.databases()) {
            b.database(d.name());
            for (MetaData.RetentionPolicyInfo rp : d.retentionPolicies()) {
                b.retentionPolicy(d.name(), rp.name(), rp.duration(), rp.shardGroupDuration() == 0 ? null : rp.shardGroupDuration(),
                        rp.replicaN() == 0 ? null : rp.replicaN(), rp.name().equals(d.defaultRetentionPolicy()));
                for (MetaData.SubscriptionInfo s : rp.subscriptions()) {
                    b.subscription(d.name(), rp.name(), s.name(), s.mode(), s.destinations());
                }
                if (!d.name().equals("_internal")) {
                    int groups = 0;
                    int shards = 0;
                    for (MetaData.ShardGroupInfo g : rp.shardGroups()) {
                        if (!g.deleted() && !g.shards().isEmpty()) {
                            groups++;
                            shards += g.shards().size();
                        }
                    }
                    b.shards(d.name(), rp.name(), groups, shards);
                }
            }
            for (MetaData.ContinuousQueryInfo cq : d.continuousQueries()) {
                b.continuousQuery(d.name(), cq.name(), cq.query());
            }
        }
        for (UserInfo u : data.users()) {
            b.user(u.name(), u.admin());
            u.privileges().forEach((db, p) -> b.grant(u.name(), db, p.code()));
        }
        snapshot.warnings().forEach(w -> b.note("metastore " + snapshot.source() + ": " + w));
        if (snapshot.notIncludedLogEntries() != null && snapshot.notIncludedLogEntries() > 0) {
            b.note("metastore " + snapshot.source() + ": " + snapshot.notIncludedLogEntries()
                    + " raft log entries after the snapshot are not included (changes made since may show as differences)");
        }
        return b.build();
    }
}
