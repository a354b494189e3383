package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaStoreWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a realistic old InfluxDB installation in a folder, so that every command of the shell can be tried on a
 * machine without InfluxDB: an old-style influxdb.conf (a few customisations, exactly one renamed key), a meta dir
 * in the old layout (0.11: raft.db, peers.json, node.json and a raft snapshot; 1.3: meta.db) with databases,
 * retention policies, users with grants and continuous queries, a data dir of real TSM files (and, for 0.11, one b1
 * and one bz1 shard file) whose shard ids match the metastore's shard groups, and a wal dir with one segment.
 * Everything is written by the project's own writers and is deterministic, except the folder's paths. Every file is
 * owned by the current user; password hashes are bcrypt-shaped random strings that no password matches.
 */
public final class DemoSandbox {

    /** File in the sandbox root that marks a folder as ours (so that {@code create} may replace it). */
    public static final String MARKER = "DEMO-SANDBOX.txt";
    public static final String LAYOUT_011 = "0.11";
    public static final String LAYOUT_13 = "1.3";

    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;
    static final long DAY = 24 * HOUR;
    static final long WEEK = 7 * DAY;

    /**
     * What was built: the sandbox root, its layout ({@code 0.11} or {@code 1.3}), the config file, meta, data and
     * wal dirs, the InfluxDB version it imitates, and notes on what each tour step will find in it.
     */
    public record Sandbox(Path dir, String layout, Path configFile, Path metaDir, Path dataDir, Path walDir,
                          String fromVersion, List<String> notes) {
    }

    private DemoSandbox() {
    }

    /** The InfluxDB version a layout imitates. */
    public static String fromVersion(String layout) {
        return switch (checkLayout(layout)) {
            case LAYOUT_011 -> "0.11.1";
            default -> "1.3.9";
        };
    }

    public static String checkLayout(String layout) {
        if (layout == null) {
            return LAYOUT_011;
        }
        if (!layout.equals(LAYOUT_011) && !layout.equals(LAYOUT_13)) {
            throw UpgradeException.usage("demo: --layout takes 0.11 or 1.3, not '" + layout + "'");
        }
        return layout;
    }

    /**
     * Builds the sandbox in {@code dir} (created if missing). An existing folder must be empty or an earlier sandbox
     * (it holds {@value #MARKER}); an earlier sandbox is removed first. A non-empty foreign folder is a usage error.
     */
    public static Sandbox create(Path dir, String layout) {
        String l = checkLayout(layout);
        Path root = dir.toAbsolutePath().normalize();
        prepare(root);
        Path config = root.resolve("influxdb.conf");
        InstallDirs dirs;
        try {
            dirs = InstallDirs.create(root);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("create demo sandbox dirs in " + root, e);
        }
        Path meta = dirs.meta();
        Path data = dirs.data();
        Path wal = dirs.wal();
        List<DemoShards.ShardSpec> shards = l.equals(LAYOUT_011) ? DemoShards.shards011() : DemoShards.shards13();
        MetaData md = l.equals(LAYOUT_011) ? DemoMetastore.metastore011(shards) : DemoMetastore.metastore13(shards);
        DemoConfigs.writeConfig(config, l, meta, data, wal);
        if (l.equals(LAYOUT_011)) {
            DemoMetastore.writeRaftMetaDir(meta, md);
        } else {
            MetaStoreWriter.writeMetaDb(meta, md);
        }
        for (DemoShards.ShardSpec s : shards) {
            DemoShards.writeShard(data, wal, s);
        }
        List<String> notes = notes(l, shards);
        writeText(root.resolve(MARKER), "This folder is a demo sandbox made by influx-upgrade (layout " + l + ", imitating InfluxDB "
                + fromVersion(l) + ").\nNothing in it is real data; delete it whenever you like.\n\n"
                + String.join("\n", notes.stream().map(n -> "- " + n).toList()) + "\n");
        return new Sandbox(root, l, config, meta, data, wal, fromVersion(l), notes);
    }

    // ---------------------------------------------------------------- the folder

    private static void prepare(Path root) {
        if (Files.isSymbolicLink(root)) {
            throw UpgradeException.usage("demo dir " + root + " is a symbolic link (give a plain folder with --dir)");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw UpgradeException.usage("demo dir " + root + " is a file (give a folder with --dir)");
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        boolean empty;
        try (Stream<Path> s = Files.list(root)) {
            empty = s.findAny().isEmpty();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list demo dir " + root, e);
        }
        if (empty) {
            return;
        }
        if (!Files.isRegularFile(root.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            throw UpgradeException.usage("demo dir " + root + " is not empty and is not a demo sandbox (give an empty or new folder with --dir)");
        }
        FileTrees.delete(root, false);
    }

    // ---------------------------------------------------------------- what the sandbox holds
    // ---------------------------------------------------------------- notes

    private static List<String> notes(String layout, List<DemoShards.ShardSpec> shards) {
        List<String> n = new ArrayList<>();
        if (layout.equals(LAYOUT_011)) {
            n.add("meta dir: 0.11 raft layout (raft.db, peers.json, node.json, snapshots/3-412-…): 'check' reports "
                    + "meta.raft-db-present, and 'meta show' reads the snapshot and replays the 4 raft log entries after it");
            n.add("data dir: 7 TSM shards, shard 5 (servers/default) is b1 and shard 6 (servers/archive) is bz1: 'check' (shard.non-tsm) and 'shard list' flag "
                    + "them, since 1.4 cannot open them (convert with influx_tsm first)");
            n.add("config: [data] data-logging-enabled is renamed to trace-logging-enabled in 1.4; the raft-era [meta] keys and "
                    + "[hinted-handoff] are ignored");
        } else {
            n.add("meta dir: meta.db (1.x layout) with the same kind of content");
            n.add("data dir: " + shards.size() + " TSM shards (inmem index)");
            n.add("config: the [cluster] section is read as [coordinator] by 1.4");
        }
        DemoShards.ShardSpec walShard = shards.stream().filter(DemoShards.ShardSpec::wal).findFirst().orElseThrow();
        n.add("wal dir: shard " + walShard.id() + " (" + walShard.db() + "/" + walShard.rp() + ") has an unflushed WAL segment");
        n.add("users admin, telegraf, grafana and sensor_ingest have bcrypt-shaped hashes that no password matches");
        n.add("every file belongs to the current user, who is the session's service user: the ownership checks pass");
        return n;
    }

    // ---------------------------------------------------------------- small helpers

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("create " + dir, e);
        }
    }

    static void writeText(Path file, String text) {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
    }
}
