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
        steps.add(new PlanStep("preflight", "Preflight check",
                raft ? "b1/bz1 shards must be converted to TSM with influx_tsm while 0.10 still runs (1.4 skips them silently); "
                        + "permissions, disk space and the config are checked; what a later step fixes (raft.db, owners, config tables) "
                        + "is reported as 'fixed by step N' and does not block"
                        : "tsi1 indexes built by 1.3, permissions, disk space and the config are checked",
                PlanStep.Kind.SHELL, "check", false));
        steps.add(new PlanStep("backup-meta-dir", "Copy the whole meta directory",
                "a verified copy (SHA-256 manifest) to roll back to if the metastore does not come back",
                PlanStep.Kind.SHELL, "backup meta-dir", false, Set.of("backup.none-recorded")));
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
                    "influxd restore -metadir; then raft.db is removed (only after the restored meta.db is verified)",
                    PlanStep.Kind.SHELL, "restore metastore --from <metastore backup id>", false, Set.of("meta.raft-db-present")));
            steps.add(new PlanStep("perms-fix", "chown " + s.getServiceUser() + ":" + s.getServiceGroup() + " meta.db and the dirs",
                    "a restore run as root leaves root-owned files the service cannot write",
                    PlanStep.Kind.SHELL, "perms fix", false, Set.of("perms.meta-db-owner")));
        }
        steps.add(new PlanStep("config-migrate", "Migrate the config file to " + to,
                "InfluxDB silently ignores unknown keys: a renamed key is a setting that quietly stops working",
                PlanStep.Kind.SHELL, "config migrate --out <new config>", false, Set.of("config.blocks-start")));
        steps.add(new PlanStep("start-service", "Start InfluxDB " + to, "with the migrated config in place",
                PlanStep.Kind.OPERATOR, init.start(), false));
        steps.add(new PlanStep("verify-compare", "Compare with the baseline",
                "SHOW DATABASES, USERS and RETENTION POLICIES must match the old output; if not: 'recover metastore-missing'",
                PlanStep.Kind.SHELL, "verify compare", false));
        if (!raft) {
            steps.add(new PlanStep("review-changes", "Review what is new in " + to,
                    "tsi1 indexes built by 1.3 must be rebuilt (influx_inspect inmem2tsi); new limits such as max-body-size; see 'report'",
                    PlanStep.Kind.OPERATOR, "report", true));
        }
        return steps;
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
