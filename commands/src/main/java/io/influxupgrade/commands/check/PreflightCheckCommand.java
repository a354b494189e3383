package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.UpgradeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs the read-only preflight checks (all, or those included and not excluded) and collects their findings. */
public final class PreflightCheckCommand {

    public record Request(Set<String> include, Set<String> exclude) {
    }

    /** One line of {@code check --list}. */
    public record CheckInfo(String id, String description) {
    }

    public record CheckList(List<CheckInfo> checks) {
    }

    private final List<Check> checks;

    public PreflightCheckCommand(List<Check> checks) {
        this.checks = checks;
    }

    public CheckList list() {
        return new CheckList(checks.stream().map(c -> new CheckInfo(c.id(), c.description())).toList());
    }

    public CheckReport run(CheckContext ctx, Request r) {
        Set<String> known = new java.util.HashSet<>();
        checks.forEach(c -> known.add(c.id()));
        for (Set<String> ids : List.of(r.include(), r.exclude())) {
            for (String id : ids) {
                if (!known.contains(id)) {
                    throw UpgradeException.usage("check: unknown check id '" + id + "' (run 'check --list')");
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        int ran = 0;
        for (Check c : checks) {
            if ((!r.include().isEmpty() && !r.include().contains(c.id())) || r.exclude().contains(c.id())) {
                continue;
            }
            ran++;
            try {
                findings.addAll(c.run(ctx));
            } catch (UpgradeException e) {
                findings.add(Finding.warning(c.id(), "could not run: " + e.getMessage(), "fix what the message names, then run 'check' again"));
            }
        }
        return CheckReport.of(ran, findings);
    }
}
