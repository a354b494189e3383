package io.influxupgrade.shell.command;

import io.influxupgrade.commands.perms.PermsCheckCommand;
import io.influxupgrade.commands.perms.PermsFixCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.PermsView;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;


/** Adapters for {@code perms check} and {@code perms fix}: owners and modes of the session's meta, data and wal dirs. */
@Command(command = "perms", group = "Backup")
public record PermsCommands(Workspace ws, Output out) {

    @Command(command = "check", description = "Check the owners and modes of the meta dir (and meta.db), the data and wal dirs and "
            + "everything below them against the service user (default: the session's, influxdb:influxdb); exit 4 on a wrong "
            + "owner or a mode the owner cannot use. Example: perms check --user influxdb --group influxdb")
    public void check(
            @Option(label = "USER", longNames = "user", description = "service user (default: the session's)") String user,
            @Option(label = "GROUP", longNames = "group", description = "service group (default: the session's)") String group) {
        PermsCheckCommand.PermsReport r = new PermsCheckCommand().run(ws, user, group);
        out.emit(r, t -> PermsView.report(t, r));
    }

    @Journaled
    @Command(command = "fix", description = "Make 'perms check' pass: shows the chown/chmod plan first, then does it and reports "
            + "the changes, one line per directory (--verbose: every path; JSON always lists every path; owner bits only; links are "
            + "lchown'ed, never followed). --dry-run only shows the plan. "
            + "Example: perms fix --dry-run")
    public void fix(
            @Option(label = "USER", longNames = "user", description = "service user (default: the session's)") String user,
            @Option(label = "GROUP", longNames = "group", description = "service group (default: the session's)") String group,
            @Option(longNames = "dry-run", description = "only show what would be changed") boolean dryRun,
            @Option(longNames = "verbose", description = "list every path changed, not one line per directory") boolean verbose) {
        var r = new PermsFixCommand().run(ws, user, group, dryRun,
                plan -> (verbose ? plan.actions() : plan.summary()).forEach(a -> out.info("plan: " + a)));
        PermsFixCommand.PermsFix fix = r.result();
        out.emit(r, t -> PermsView.fix(t, fix, verbose));
    }
}
