package io.influxupgrade.commands.perms;

import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code perms fix}: the chown/chmod plan that makes {@code perms check} pass (a dry run shows it), and when not a dry
 * run, the actions it took, each reported. It only adds the owner bits InfluxDB needs; it never changes group or
 * other bits, and it changes a symbolic link's own owner (lchown), never its target.
 */
public final class PermsFixCommand {

    public record Request(String user, String group, Path metaDir, Path dataDir, Path walDir, boolean dryRun) {
    }

    /** The planned (dry run) or applied actions, e.g. {@code chown influxdb:influxdb /var/lib/influxdb/meta/meta.db}. */
    /**
     * {@code actions}: every chown/chmod/skip with its path (JSON and {@code --verbose}); {@code summary}: the same
     * grouped by operation and directory, one line per group, so that its length follows the number of directories.
     */
    public record PermsFix(String account, boolean dryRun, List<String> actions, List<String> summary,
                           PermsCheckCommand.PermsReport after) {
    }

    /**
     * The session's {@code perms fix}: plans for the session's meta, data and wal dirs and its service account
     * ({@code user}/{@code group} null: the session's), hands the plan to {@code beforeApplying} and applies it, unless a
     * dry run or there is nothing to change (then the result is the plan). Completes the plan's perms-fix step unless a
     * dry run.
     */
    public io.influxupgrade.commands.StepResult<PermsFix> run(io.influxupgrade.commands.session.Workspace ws,
            String user, String group, boolean dryRun, java.util.function.Consumer<PermsFix> beforeApplying) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.session();
        io.influxupgrade.commands.session.SessionPaths paths = io.influxupgrade.commands.session.SessionPaths.of(s);
        Request plan = new Request(user == null || user.isBlank() ? s.getServiceUser() : user,
                group == null || group.isBlank() ? s.getServiceGroup() : group, paths.metaDir(), paths.dataDir(), paths.walDir(), true);
        PermsFix planned = run(plan);
        String step = dryRun ? null : io.influxupgrade.commands.StepIds.PERMS_FIX;
        if (dryRun || planned.actions().isEmpty()) {
            return new io.influxupgrade.commands.StepResult<>(planned, step);
        }
        beforeApplying.accept(planned);
        return new io.influxupgrade.commands.StepResult<>(run(new Request(plan.user(), plan.group(), plan.metaDir(),
                plan.dataDir(), plan.walDir(), false)), step);
    }

    public PermsFix run(Request r) {
        PermsCheckCommand.PermsReport before = new PermsCheckCommand().run(
                new PermsCheckCommand.Request(r.user(), r.group(), r.metaDir(), r.dataDir(), r.walDir()));
        ServiceAccount account = ServiceAccount.resolve(r.user(), r.group());
        List<String> actions = new ArrayList<>();
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (PermsCheckCommand.Finding f : before.findings()) {
            Path p = Path.of(f.path());
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                actions.add("skip " + p + ": " + f.problem());
                groups.merge("skip (gone since the check) in " + dirOf(p), 1, Integer::sum);
                continue;
            }
            boolean link = Files.isSymbolicLink(p);
            if (!f.owner().equals(account.label())) {
                actions.add("chown " + (link ? "-h " : "") + account.label() + " " + p);
                groups.merge("chown " + account.label() + " in " + dirOf(p), 1, Integer::sum);
                if (!r.dryRun()) {
                    try {
                        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                        v.setOwner(account.user());
                        v.setGroup(account.group());
                    } catch (IOException e) {
                        throw AtomicFiles.ioFailure("chown " + p, e);
                    }
                }
            }
            int current = Integer.parseInt(f.mode(), 8);
            if (!link && f.wantMode() != current) {
                actions.add(String.format("chmod %04o %s", f.wantMode(), p));
                groups.merge(String.format("chmod %04o in %s", f.wantMode(), dirOf(p)), 1, Integer::sum);
                if (!r.dryRun()) {
                    try {
                        Files.setAttribute(p, "unix:mode", f.wantMode(), LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        throw AtomicFiles.ioFailure("chmod " + p, e);
                    }
                }
            }
        }
        PermsCheckCommand.PermsReport after = r.dryRun() ? before : new PermsCheckCommand().run(
                new PermsCheckCommand.Request(r.user(), r.group(), r.metaDir(), r.dataDir(), r.walDir()));
        List<String> summary = new ArrayList<>();
        groups.forEach((what, n) -> {
            int in = what.lastIndexOf(" in ");
            summary.add(what.substring(0, in) + ": " + n + (n == 1 ? " object" : " objects") + what.substring(in));
        });
        return new PermsFix(account.label(), r.dryRun(), List.copyOf(actions), List.copyOf(summary), after);
    }

    /** The directory a path is counted under: its parent (a directory's own owner counts where it is listed). */
    private static Path dirOf(Path p) {
        Path parent = p.toAbsolutePath().getParent();
        return parent == null ? p : parent;
    }
}
