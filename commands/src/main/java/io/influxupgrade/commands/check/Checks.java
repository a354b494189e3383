package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.config.ConfigDiff;
import io.influxupgrade.commands.config.ConfigDiffCommand;
import io.influxupgrade.commands.config.ConfigFinding;
import io.influxupgrade.commands.config.ConfigValidateCommand;
import io.influxupgrade.commands.config.ConfigValidation;
import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.session.UpgradeSession;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The preflight checks that read the session, the meta dir, the config and the machine. Each has a stable
 * id; the shard and metastore checks live beside the engines they use.
 */
public final class Checks {

    private Checks() {
    }

    /** A check made of an id, a description and a function. */
    public record Simple(String id, String description, Function<CheckContext, List<Finding>> body) implements Check {
        @Override
        public List<Finding> run(CheckContext context) {
            return body.apply(context);
        }
    }

    public static List<Check> basic() {
        return List.of(
                new Simple("meta.raft-db-present", "raft.db (0.10/0.11 metastore) still in the meta dir", Checks::raftDb),
                new Simple("binary.version-mismatch", "the installed influxd is the version the plan expects", Checks::binary),
                new Simple("service.running", "whether an influxd service is running now", Checks::service),
                new Simple("backup.none-recorded", "a verified backup of the meta dir is recorded", Checks::backups),
                new Simple("disk.backup-space", "free space for a backup of the meta dir", Checks::space),
                new Simple("perms.meta-db-owner", "meta dir and meta.db belong to the service user", Checks::owner),
                new Simple("config.blocks-start", "the config file would let the target start", Checks::config));
    }

    static List<Finding> raftDb(CheckContext c) {
        Path meta = c.metaDir();
        if (meta == null || !Files.exists(meta.resolve("raft.db"), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        boolean hasMetaDb = Files.exists(meta.resolve("meta.db"));
        List<Finding> out = new ArrayList<>();
        if (!hasMetaDb) {
            // a raft.db that does not open holds raft log entries nobody can read: the snapshot alone is not the metastore
            try {
                io.influxupgrade.commands.meta.RaftLogs.countAfter(meta.resolve("raft.db"), 0);
            } catch (UpgradeException e) {
                out.add(Finding.error("meta.raft-db-corrupt", e.getMessage() + (Files.isDirectory(meta.resolve("snapshots"))
                                ? " (a snapshot is there, but the log entries after it cannot be read)" : ""),
                        "copy the meta dir aside ('backup meta-dir'), then export the metastore with the old server running "
                                + "('backup metastore --via influxd'): 0.11 itself may still read what this tool cannot"));
            }
        }
        out.add(Finding.error("meta.raft-db-present",
                meta.resolve("raft.db") + " exists: InfluxDB 0.12 and later refuse to start while it is there"
                        + (hasMetaDb ? " (meta.db is there too: a restore ran but raft.db was not removed)" : ""),
                hasMetaDb ? "run 'restore metastore' again (it removes raft.db after a verified restore), never delete raft.db by hand"
                        : "while 0.10/0.11 still runs, export the metastore with 'backup metastore', then 'restore metastore' under the new "
                        + "binary; deleting raft.db instead wipes every database, user and retention policy"));
        return out;
    }

    static List<Finding> binary(CheckContext c) {
        UpgradeSession s = c.session();
        var bin = c.binary();
        if (bin.isEmpty()) {
            return List.of(Finding.notice("binary.version-mismatch", "no influxd on PATH: the shell cannot check the installed version",
                    "install InfluxDB or put its bin directory on PATH"));
        }
        InfluxVersion installed = InfluxVersion.tryParse(bin.get().version());
        if (installed == null) {
            return List.of(Finding.warning("binary.version-mismatch", "cannot read the version of " + bin.get().path() + ": " + bin.get().raw(),
                    "run 'influxd version' by hand"));
        }
        boolean installedNew = s.stepDone("install-binary");
        InfluxVersion expected = s.installed();
        if (expected == null || installed.line().equals(expected.line())) {
            return List.of();
        }
        return List.of(Finding.warning("binary.version-mismatch", "installed influxd " + bin.get().path() + " is " + installed
                        + ", but the plan expects " + expected + (installedNew ? " (the new binary)" : " (the old binary, before the upgrade)"),
                installedNew ? "install InfluxDB " + expected + ", then 'done install-binary'"
                        : "set the session's old version with 'session set from " + installed + "' if that is what runs"));
    }

    static List<Finding> service(CheckContext c) {
        List<String> ev = c.service().evidence();
        if (ev.isEmpty()) {
            return List.of(Finding.notice("service.running", "no influxd is running",
                    "start the old service if you still need 'backup metastore --via influxd' or 'verify baseline'"));
        }
        return List.of(Finding.notice("service.running", "influxd is running: " + String.join("; ", ev),
                "stop it before 'restore metastore' or 'restore meta-dir' (they refuse while it runs)"));
    }

    static List<Finding> backups(CheckContext c) {
        boolean ok = c.session().getBackups().stream().anyMatch(b -> b.verified() && b.kind() == io.influxupgrade.commands.backup.model.BackupKind.META_DIR);
        if (ok) {
            return List.of();
        }
        return List.of(Finding.warning("backup.none-recorded", "no verified backup of the meta dir is recorded in this session",
                "run 'backup meta-dir' before anything changes the meta dir"));
    }

    static List<Finding> space(CheckContext c) {
        Path meta = c.metaDir();
        if (meta == null || !Files.isDirectory(meta)) {
            return List.of(Finding.error("disk.backup-space", "meta dir " + meta + " does not exist", "fix it with 'session set meta-dir DIR'"));
        }
        long need = FileTrees.bytes(meta, 0);
        long needed = need + need / 10;
        Path root = c.backupRoot();
        Path probe = root;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return List.of();
        }
        try {
            FileStore store = Files.getFileStore(probe);
            long free = store.getUsableSpace();
            if (free < needed) {
                return List.of(Finding.error("disk.backup-space", "backup root " + root + " has " + free + " bytes free; a copy of the meta dir needs "
                        + need + " bytes + 10% = " + needed, "free space there or choose another place with 'session set backup-root DIR'"));
            }
        } catch (IOException e) {
            return List.of(Finding.warning("disk.backup-space", "cannot read free space of " + probe + ": " + e.getMessage(), "check it by hand (df)"));
        }
        return List.of();
    }

    static List<Finding> owner(CheckContext c) {
        Path meta = c.metaDir();
        if (meta == null || !Files.isDirectory(meta)) {
            return List.of();
        }
        String user = c.session().getServiceUser();
        List<Finding> out = new ArrayList<>();
        try {
            meta.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            return List.of(Finding.notice("perms.meta-db-owner", "service user '" + user + "' does not exist on this machine: owners not checked",
                    "set the right user with 'session set service-user USER'"));
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
        for (Path p : new Path[] {meta, meta.resolve("meta.db")}) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.owner().getName().equals(user)) {
                    out.add(Finding.error("perms.meta-db-owner", p + " belongs to " + a.owner().getName() + ":" + a.group().getName()
                                    + ", not the service user " + user + ": influxd cannot update its metastore",
                            "run 'perms fix' (chown " + user + ":" + c.session().getServiceGroup() + ")"));
                }
            } catch (IOException | UnsupportedOperationException e) {
                out.add(Finding.warning("perms.meta-db-owner", "cannot read the owner of " + p + ": " + e.getMessage(), "check it by hand (ls -l)"));
            }
        }
        return out;
    }

    static List<Finding> config(CheckContext c) {
        Path conf = c.configFile();
        if (conf == null) {
            return List.of(Finding.notice("config.blocks-start", "the session has no config file: not checked",
                    "set it with 'session set config FILE'"));
        }
        String migrated = c.session().getMigratedConfig();
        if (migrated != null && c.session().stepDone("config-migrate") && Files.isRegularFile(Path.of(migrated))) {
            return migratedConfig(c, Path.of(migrated));
        }
        ConfigDiff d;
        try {
            d = new ConfigDiffCommand().run(new ConfigDiffCommand.Request(conf, c.session().from(), c.session().to(), Map.of()));
        } catch (UpgradeException e) {
            // its own id: a file that does not parse is not what 'config migrate' fixes, so a plan never waives it
            return List.of(Finding.error("config.unreadable", e.getMessage(), "fix the file, then run 'config diff'"));
        }
        List<Finding> out = new ArrayList<>();
        for (ConfigFinding f : d.group(ConfigFinding.Group.BLOCKS_START)) {
            if (f.severity() == ConfigFinding.Severity.ERROR) {
                out.add(Finding.error("config.blocks-start", conf + (f.line() == null ? "" : ":" + f.line()) + ": " + f.key()
                        + " would stop InfluxDB " + c.session().to() + " from starting", "run 'config migrate --out FILE' (" + f.advice() + ")"));
            }
        }
        return out;
    }

    /**
     * Once 'config migrate' wrote the target's config, that file is the one the new binary starts with: it is checked
     * against the target (the old config keeps its old tables, which the old binary needs).
     */
    private static List<Finding> migratedConfig(CheckContext c, Path migrated) {
        ConfigValidation v;
        try {
            v = new ConfigValidateCommand().run(new ConfigValidateCommand.Request(migrated, c.session().to(), null));
        } catch (UpgradeException e) {
            return List.of(Finding.error("config.unreadable", e.getMessage(), "run 'config migrate --out " + migrated + " --force' again"));
        }
        List<Finding> out = new ArrayList<>();
        for (ConfigFinding f : v.findings()) {
            if (f.group() == ConfigFinding.Group.BLOCKS_START && f.severity() == ConfigFinding.Severity.ERROR) {
                out.add(Finding.error("config.blocks-start", migrated + (f.line() == null ? "" : ":" + f.line()) + ": " + f.key()
                        + " would stop InfluxDB " + c.session().to() + " from starting (the migrated config)", f.advice()));
            }
        }
        return out;
    }
}
