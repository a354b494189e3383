package io.influxupgrade.shell.command;

import io.influxupgrade.commands.perms.PermsCheckCommand;
import io.influxupgrade.commands.perms.PermsFixCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.StateChanging;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.Text;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;

import java.nio.file.Path;
import java.util.Set;

/** Adapters for {@code perms check} and {@code perms fix}: owners and modes of the session's meta, data and wal dirs. */
@Command(command = "perms", group = "Backup")
public class PermsCommands implements StateChanging {

    private final Workspace ws;
    private final Output out;

    public PermsCommands(Workspace ws, Output out) {
        this.ws = ws;
        this.out = out;
    }

    @Override
    public Set<String> stateChangingCommands() {
        return Set.of("perms fix");
    }

    @Command(command = "check", description = "Check the owners and modes of the meta dir (and meta.db), the data and wal dirs and "
            + "everything below them against the service user (default: the session's, influxdb:influxdb); exit 4 on a wrong "
            + "owner or a mode the owner cannot use. Example: perms check --user influxdb --group influxdb")
    public void check(
            @Option(label = "USER", longNames = "user", description = "service user (default: the session's)") String user,
            @Option(label = "GROUP", longNames = "group", description = "service group (default: the session's)") String group) {
        UpgradeSession s = ws.session();
        PermsCheckCommand.PermsReport r = new PermsCheckCommand().run(new PermsCheckCommand.Request(user(s, user), group(s, group),
                path(s.getMetaDir()), path(s.getDataDir()), path(s.getWalDir())));
        out.emit(r, t -> render(t, r));
    }

    @Command(command = "fix", description = "Make 'perms check' pass: shows the chown/chmod plan first, then does it and reports "
            + "the changes, one line per directory (--verbose: every path; JSON always lists every path; owner bits only; links are "
            + "lchown'ed, never followed). --dry-run only shows the plan. "
            + "Example: perms fix --dry-run")
    public void fix(
            @Option(label = "USER", longNames = "user", description = "service user (default: the session's)") String user,
            @Option(label = "GROUP", longNames = "group", description = "service group (default: the session's)") String group,
            @Option(longNames = "dry-run", description = "only show what would be changed") boolean dryRun,
            @Option(longNames = "verbose", description = "list every path changed, not one line per directory") boolean verbose) {
        UpgradeSession s = ws.session();
        PermsFixCommand.Request plan = new PermsFixCommand.Request(user(s, user), group(s, group), path(s.getMetaDir()),
                path(s.getDataDir()), path(s.getWalDir()), true);
        PermsFixCommand.PermsFix planned = new PermsFixCommand().run(plan);
        if (dryRun || planned.actions().isEmpty()) {
            out.emit(planned, t -> {
                (verbose ? planned.actions() : planned.summary()).forEach(a -> t.line("would: " + a));
                t.line(planned.actions().isEmpty() ? t.style().ok("nothing to fix: everything is usable by " + planned.account())
                        : t.style().dim("dry run: nothing changed (run 'perms fix' to apply)"));
            });
            return;
        }
        (verbose ? planned.actions() : planned.summary()).forEach(a -> out.info("plan: " + a));
        PermsFixCommand.PermsFix done = new PermsFixCommand().run(new PermsFixCommand.Request(plan.user(), plan.group(),
                plan.metaDir(), plan.dataDir(), plan.walDir(), false));
        out.emit(done, t -> {
            (verbose ? done.actions() : done.summary()).forEach(a -> t.line("done: " + a));
            if (done.after().failed()) {
                render(t, done.after());
            } else {
                t.line(t.style().ok("everything is now usable by " + done.account()));
            }
        });
    }

    private static void render(Text t, PermsCheckCommand.PermsReport r) {
        t.line("checked " + r.checked() + " objects under " + String.join(", ", r.roots()) + " for " + r.account());
        if (r.findings().isEmpty()) {
            t.line(t.style().ok("all owners and modes are right"));
            return;
        }
        t.table(java.util.List.of("PATH", "PROBLEM"), r.rows());
        if (r.findings().size() > r.rows().size()) {
            t.line(t.style().dim("... and " + (r.findings().size() - r.rows().size()) + " more"));
        }
    }

    private static String user(UpgradeSession s, String given) {
        return given == null || given.isBlank() ? s.getServiceUser() : given;
    }

    private static String group(UpgradeSession s, String given) {
        return given == null || given.isBlank() ? s.getServiceGroup() : given;
    }

    private static Path path(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }
}
