package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.session.SessionLock;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code demo create} (and {@code --demo}): builds a {@link DemoSandbox}, creates the session {@code demo-<layout>}
 * on it (from 0.11.1 or 1.3.9 to 1.4, the sandbox's config, the current user as service user) and opens it. An
 * earlier session of that name is replaced only when {@code demo create} made it (its folder holds {@value #MARKER});
 * a demo server still recorded for it is stopped first. With {@code withServer}, a real influxd from PATH is started
 * for the sandbox (see {@link DemoServer}) and the session's connection points at it.
 */
public final class DemoCreateCommand {

    /** File in a session folder that marks the session as made by {@code demo create}. */
    public static final String MARKER = "demo.txt";

    /**
     * @param layout     0.11 or 1.3 (null: 0.11)
     * @param dir        where to build the sandbox (null: a new temp dir)
     * @param withServer also start an influxd from PATH for the sandbox
     * @param influxd    the influxd found on PATH, or null
     */
    public record Request(String layout, Path dir, boolean withServer, Path influxd) {
    }

    /** One step of the README tour and what it shows on this sandbox. */
    public record TourStep(String command, String shows) {
    }

    /**
     * What was built: the session (name, versions, service user), the sandbox's folders, what replaced what, notes on
     * the sandbox, the demo server (null without --with-server) and the tour.
     */
    public record DemoReport(String session, boolean replacedSession, String layout, String fromVersion, String toVersion,
                             String sandbox, String configFile, String metaDir, String dataDir, String walDir,
                             String serviceUser, String serviceGroup, List<String> notes, DemoServer.Server server,
                             List<TourStep> tour) {
    }

    /** {@code demo create} as typed: with {@code withServer}, the influxd on PATH serves the sandbox. */
    public DemoReport run(Workspace ws, String layout, Path dir, boolean withServer) {
        Path influxd = withServer ? io.influxupgrade.commands.session.VersionDetector.findOnPath("influxd").orElse(null) : null;
        return run(ws, new Request(layout, dir, withServer, influxd));
    }

    public DemoReport run(Workspace ws, Request r) {
        String layout = DemoSandbox.checkLayout(r.layout());
        if (r.withServer() && r.influxd() == null) {
            throw UpgradeException.unavailable("demo create --with-server: influxd is not on PATH (install InfluxDB 1.x, or run "
                    + "'demo create' without --with-server; the steps that need a server then say so)");
        }
        String name = "demo-" + layout;
        boolean replaced = false;
        if (ws.store().exists(name)) {
            Path old = ws.store().dir(name);
            if (!Files.isRegularFile(old.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                throw UpgradeException.usage("demo create: session '" + name + "' exists and was not made by 'demo create' "
                        + "(left untouched; use another --home for the demo)");
            }
            if (ws.hasSession() && ws.session().getName().equals(name)) {
                ws.closeAndForget();
            }
            SessionLock.acquire(old, name).close(); // NOT_READY when another shell has it open
            if (DemoServer.recorded(old).isPresent()) {
                DemoServer.stop(old, name);
            }
            replaced = true;
        }
        Path dir = r.dir() != null ? r.dir() : tempDir();
        DemoSandbox.Sandbox sb = DemoSandbox.create(dir, layout);
        if (replaced) {
            FileTrees.delete(ws.store().dir(name), true);
        }
        String user = System.getProperty("user.name");
        String group = groupOf(sb.configFile(), user);
        UpgradeSession s = new SessionNewCommand().run(ws, new SessionNewCommand.Request(name, InfluxVersion.parse(sb.fromVersion()), InfluxVersion.V1_4,
                sb.configFile(), null, null, null, user, group, null));
        AtomicFiles.write(ws.sessionDir().resolve(MARKER), ("session made by 'demo create' on the sandbox " + sb.dir()
                + "\n'demo create' may replace it\n").getBytes(StandardCharsets.UTF_8));
        DemoServer.Server server = null;
        if (r.withServer()) {
            server = DemoServer.start(ws.sessionDir(), sb, r.influxd());
            s.setConnection(new UpgradeSession.ConnectionInfo(server.url(), null, null, false, 10_000));
            ws.save();
        }
        return new DemoReport(name, replaced, layout, s.getFromVersion(), s.getToVersion(), sb.dir().toString(),
                sb.configFile().toString(), sb.metaDir().toString(), sb.dataDir().toString(), sb.walDir().toString(),
                s.getServiceUser(), s.getServiceGroup(), sb.notes(), server, tour(layout, server != null));
    }

    /** The README tour, with what each step shows on a sandbox of this layout. */
    public static List<TourStep> tour(String layout, boolean server) {
        boolean old = layout.equals(DemoSandbox.LAYOUT_011);
        List<TourStep> t = new ArrayList<>();
        t.add(new TourStep("session show", old ? "0.11.1 → 1.4 on the sandbox; disk layout 0.10/0.11 (raft metastore)"
                : "1.3.9 → 1.4 on the sandbox; disk layout 0.12+ (meta.db)"));
        t.add(new TourStep("check", old ? "exit 4: ERROR shard.non-tsm for shards 5 (b1) and 6 (bz1), which nothing in the plan converts; meta.raft-db-present (1.4 refuses to start while raft.db exists) is a notice 'fixed by step 7', the restore"
                : "no errors; a warning that no meta-dir backup is recorded yet"));
        t.add(new TourStep("shard list", old ? "9 shards; shard 5 is b1 and shard 6 is bz1 (1.4 cannot open them), shard 3 has an unflushed WAL segment"
                : "6 TSM shards; shard 23 has an unflushed WAL segment"));
        t.add(new TourStep("config diff", old ? "data-logging-enabled is renamed trace-logging-enabled; the raft [meta] keys and [hinted-handoff] are ignored"
                : "[cluster] is read as [coordinator]; customised cache and series limits carried over"));
        t.add(new TourStep("backup meta-dir", old ? "a verified copy of the meta dir (raft.db, peers.json, node.json, the snapshot), recorded in the session"
                : "a verified copy of the meta dir (meta.db), recorded in the session"));
        t.add(new TourStep("backup metastore",
                old ? "meta.00 exported natively (no 0.11 server exists to run 'influxd backup'): the raft snapshot plus the 4 log entries "
                        + "after it replayed (a no-op, CREATE DATABASE logs, a CQ on servers, GRANT READ ON logs TO grafana), read back"
                        : "meta.00 exported natively from meta.db and read back"));
        t.add(new TourStep("restore metastore --dry-run", old ? "nothing is written: it would write meta.db from meta.00, then remove raft.db and "
                + "node.json and leave peers.json and snapshots/ alone" : "nothing is written: it would replace meta.db with the one from meta.00"));
        t.add(new TourStep("status", "the checklist: the backups are done, the next step is named"));
        t.add(new TourStep("verify baseline", server ? "counts and schema from the demo server, kept for the comparison after the upgrade"
                : "needs a server: run 'demo create --with-server' where influxd is installed"));
        return t;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("influx-upgrade-demo-");
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("create a temp dir for the demo sandbox", e);
        }
    }

    private static String groupOf(Path file, String fallback) {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return fallback;
        }
    }
}
