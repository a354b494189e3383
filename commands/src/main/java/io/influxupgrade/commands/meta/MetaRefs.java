package io.influxupgrade.commands.meta;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.BackupRefs;
import io.influxupgrade.commands.session.Workspace;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code meta show} and {@code meta diff} read, as typed: {@code latest}, a backup id of the session (resolved as
 * {@code restore --from} resolves them) or a path; {@code live} is the connected server, which only {@code verify meta}
 * and {@code meta diff live ...} read.
 */
public final class MetaRefs {

    /** The word that names the connected server as one side of {@code meta diff}. */
    public static final String LIVE = "live";
    /** The backups that hold a metastore, newest first for 'latest'. */
    private static final List<String> BACKUP_KINDS = List.of("meta-dir", "metastore");

    private MetaRefs() {
    }

    public static boolean live(String ref) {
        return ref != null && LIVE.equalsIgnoreCase(ref.strip());
    }

    /**
     * {@code meta diff a b} where one side is {@code live}: the other side, resolved, to compare with the connected
     * server; empty when neither is live. Both live is a usage error.
     */
    public static java.util.Optional<Path> againstLive(Workspace ws, String a, String b) {
        if (live(a) && live(b)) {
            throw io.influxupgrade.commands.UpgradeException.usage("meta diff: compare 'live' with a file or directory, not with itself");
        }
        if (!live(a) && !live(b)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(io.influxupgrade.commands.session.SessionPaths.typed(resolve(ws, live(a) ? b : a)));
    }

    /** 'latest', a backup id or a path ({@code ~} is the home dir), resolved as restore --from resolves them; an unknown word stays a path. */
    public static String resolve(Workspace ws, String ref) {
        boolean session = ws.hasSession();
        return BackupRefs.resolve(session ? ws.session() : null, session ? ws.backupRoot() : null, ref, BACKUP_KINDS)
                .map(Path::toString).orElse(ref == null ? null : io.influxupgrade.commands.session.SessionPaths.expandHome(ref));
    }

    /** {@code meta show}'s source: {@code given} resolved, else the session's meta dir. */
    static String showSource(Workspace ws, String given) {
        if (given != null && !given.isBlank()) {
            if (live(given)) {
                throw UpgradeException.usage("meta show: live sources need 'verify meta' (this command reads files only; "
                        + "give a meta dir, meta.db or backup path)");
            }
            return resolve(ws, given);
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
}
