package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.session.UpgradePath;
import io.influxupgrade.commands.session.UpgradeSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered steps of the procedure that applies to a session, written after the official 1.4 upgrade
 * document. Which command completes a step is said by its result ({@code session.StepResult}, ids in
 * {@code session.StepIds}), not here.
 */
public final class UpgradePlan {

    /** The finding ids that building the tsi1 indexes puts right. */
    public static final Set<String> TSI_FIXES = Set.of("shard.tsi-rebuild-needed", "tsi.flat-index", "tsi.mixed-index", "tsi.index-owner");

    private UpgradePlan() {
    }

    /** The steps for the session's upgrade path (empty when no path applies). */
    public static List<PlanStep> steps(UpgradeSession s, InitSystem init) {
        String to = s.to().toString();
        List<PlanStep> steps = new ArrayList<>();
        UpgradePath path = s.upgradePath();
        if (path == UpgradePath.NONE) {
            return steps;
        }
        boolean raft = path == UpgradePath.RAFT_ERA;
        // 1.5+ targets: portable backups, tsi1 indexes built by the plan, what is new reviewed (the 1.4 plan is unchanged)
        boolean beyond14 = s.to().atLeast(1, 5);
        boolean tsi = beyond14 && "tsi1".equals(s.index());
        boolean portableBefore = beyond14 && s.from().atLeast(1, 5);
        steps.add(new PlanStep("preflight", "Preflight check",
                raft ? "b1/bz1 shards must be converted to TSM with influx_tsm while 0.10 still runs (1.4 skips them silently); "
                        + "permissions, disk space and the config are checked; what a later step fixes (raft.db, owners, config tables) "
                        + "is reported as 'fixed by step N' and does not block"
                        : "tsi1 indexes built by 1.3, permissions, disk space and the config are checked",
                PlanStep.Kind.SHELL, "check", false));
        steps.add(new PlanStep("backup-meta-dir", "Copy the whole meta directory",
                "a verified copy (SHA-256 manifest) to roll back to if the metastore does not come back",
                PlanStep.Kind.SHELL, "backup meta-dir", false, Set.of("backup.none-recorded")));
        if (portableBefore) {
            steps.add(portable(true));
        }
        if (raft) {
            steps.add(new PlanStep("backup-metastore", "Export the metastore while the old binary runs",
                    "influxd backup writes meta.00; 0.12+ cannot read raft.db, so this export is the only way across",
                    PlanStep.Kind.SHELL, "backup metastore --via influxd", false));
        }
        steps.add(new PlanStep("verify-baseline", "Record SHOW DATABASES / USERS / RETENTION POLICIES",
                "the baseline that 'verify compare' checks after the upgrade (needs the old server up: 'connect' first)",
                PlanStep.Kind.SHELL, "verify baseline", false));
        steps.add(new PlanStep("stop-service", "Stop the old service", "nothing may write to the meta dir during the switch",
                PlanStep.Kind.OPERATOR, init.stop(), false));
        steps.add(new PlanStep("install-binary", "Install InfluxDB " + to + (raft ? " but do not start it" : ""),
                raft ? "the new binary must not start before the metastore is restored (it would refuse: raft.db)" : "the new binary",
                PlanStep.Kind.OPERATOR, init.install(), false));
        if (raft) {
            steps.add(new PlanStep("restore-metastore", "Restore the metastore into meta.db",
                    "influxd restore -metadir; then raft.db is removed (only after the restored meta.db is verified)"
                            + (beyond14 ? ". This is the 1.4 metastore path: the legacy offline restore is deprecated from 1.5 on, "
                            + "but it is the only reader of a 0.10/0.11 meta.00 (0.11 cannot make a portable backup)" : ""),
                    PlanStep.Kind.SHELL, "restore metastore --from <metastore backup id>", false, Set.of("meta.raft-db-present")));
            steps.add(new PlanStep("perms-fix", "chown " + s.getServiceUser() + ":" + s.getServiceGroup() + " meta.db and the dirs",
                    "a restore run as root leaves root-owned files the service cannot write",
                    PlanStep.Kind.SHELL, "perms fix", false, Set.of("perms.meta-db-owner")));
        }
        steps.add(new PlanStep("config-migrate", "Migrate the config file to " + to,
                "InfluxDB silently ignores unknown keys: a renamed key is a setting that quietly stops working",
                PlanStep.Kind.SHELL, "config migrate --out <new config>", false, Set.of("config.blocks-start")));
        if (tsi) {
            steps.add(new PlanStep("tsi-convert", "Build tsi1 indexes as " + s.getServiceUser(),
                    "index-version = \"tsi1\" (set by the migrated config) only applies to new shards; existing shards keep inmem until "
                            + "influx_inspect buildtsi -datadir -waldir builds their index. Old index dirs (1.3/1.4 flat layouts) are removed "
                            + "first, and it runs as " + s.getServiceUser()
                            + ("root".equals(s.getServiceUser()) ? ", the user influxd runs as here"
                            : " (the user influxd runs as): a root run leaves root-owned index files influxd cannot open"),
                    PlanStep.Kind.SHELL, "tsi convert", false, TSI_FIXES));
        }
        steps.add(new PlanStep("start-service", "Start InfluxDB " + to, "with the migrated config in place",
                PlanStep.Kind.OPERATOR, init.start(), false));
        steps.add(new PlanStep("verify-compare", "Compare with the baseline",
                "SHOW DATABASES, USERS and RETENTION POLICIES must match the old output; if not: 'recover metastore-missing'",
                PlanStep.Kind.SHELL, "verify compare", false));
        if (beyond14 && !portableBefore) {
            steps.add(portable(false));
        }
        if (!raft || beyond14) {
            steps.add(new PlanStep("review-changes", "Review what is new in " + to,
                    beyond14 ? "what changed on the way to " + to + " (1.5 logging format and portable backups, 1.6 [tls], 1.7 Flux and "
                            + "compaction limits, 1.8 strict error handling): see 'report'"
                            : "tsi1 indexes built by 1.3 must be rebuilt (influx_inspect inmem2tsi); new limits such as max-body-size; see 'report'",
                    PlanStep.Kind.OPERATOR, "report", true));
        }
        return steps;
    }

    private static PlanStep portable(boolean beforeSwitch) {
        return new PlanStep("backup-portable", beforeSwitch ? "Portable backup of every database (old server up)"
                : "First portable backup with the new server",
                (beforeSwitch ? "a full backup of data and metastore to go back to; " : "the backups of 1.5+ are portable; ")
                        + "influxd backup -portable is the recorded backup kind from 1.5 on (the legacy format and its offline restore "
                        + "are deprecated); 'restore portable' puts it back into a running server",
                PlanStep.Kind.SHELL, "backup portable", false);
    }

    /** The route through the hops the session's upgrade must pass. */
    public static Route route(UpgradeSession s) {
        return Route.of(s.from(), s.to(), s.index());
    }

    /** The first step not done yet. */
    public static Optional<PlanStep> next(UpgradeSession s, List<PlanStep> steps) {
        return steps.stream().filter(p -> !s.stepDone(p.id())).findFirst();
    }

    /** "done/total" for the prompt, or null when no path applies. */
    public static String progress(UpgradeSession s, List<PlanStep> steps) {
        if (steps.isEmpty()) {
            return null;
        }
        long done = steps.stream().filter(p -> s.stepDone(p.id())).count();
        return done + "/" + steps.size();
    }
}
