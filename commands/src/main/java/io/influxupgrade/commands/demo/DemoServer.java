package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.fs.FileTrees;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.MetaStoreWriter;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code influxd} (whatever 1.x is on PATH) started on free loopback ports for a demo sandbox, so that the
 * steps that need a server (connect, verify baseline) can be tried. It never touches the sandbox's own old-layout
 * meta dir: it runs on {@code <sandbox>/server/} with a meta.db of the sandbox's metastore (a copy of meta.db for
 * 1.3; for 0.11 the raft snapshot written as meta.db, as a restore would) and copies of the TSM shards and WAL.
 * Its config turns off authentication (the demo users' hashes match no password), retention enforcement (the demo
 * data is years old and would be dropped at once), shard precreation, CQs and the monitor's store, so that the data
 * stays as built. Its pid is recorded in the session folder; {@link #stop} stops it by that pid, after checking that
 * the pid still belongs to an influxd.
 */
public final class DemoServer {

    public static final String PID_FILE = "demo-influxd.json";
    private static final long START_TIMEOUT_MILLIS = 30_000;

    /** A started demo server: pid, HTTP URL, backup RPC address and its files. */
    public record Server(long pid, String url, String bindAddress, String influxd, String configFile, String metaDir,
                         String dataDir, String walDir, String logFile, Instant startedAt) {
    }

    /** The outcome of {@code demo stop}. */
    public record Stopped(long pid, boolean wasRunning, String message) {
    }

    private DemoServer() {
    }

    /** Prepares {@code <sandbox>/server}, starts {@code influxd run} there and waits until it answers /ping. */
    public static Server start(Path sessionDir, DemoSandbox.Sandbox sb, Path influxd) {
        Path root = sb.dir().resolve("server");
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.delete(root, true);
        }
        InstallDirs dirs;
        try {
            dirs = InstallDirs.create(root);
            if (Files.isRegularFile(sb.metaDir().resolve("meta.db"))) {
                Files.copy(sb.metaDir().resolve("meta.db"), dirs.meta().resolve("meta.db"));
            } else {
                MetaStoreWriter.writeMetaDb(dirs.meta(), MetaSources.read(sb.metaDir()).data().withoutNodes());
            }
            copyTsmShards(sb.dataDir(), dirs.data());
            copyTree(sb.walDir(), dirs.wal());
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("prepare the demo server's dirs in " + root, e);
        }
        Path meta = dirs.meta();
        Path data = dirs.data();
        Path wal = dirs.wal();
        int http = freePort();
        int rpc = freePort();
        while (rpc == http) {
            rpc = freePort();
        }
        Path conf = root.resolve("influxd.conf");
        Path log = root.resolve("influxd.log");
        String bind = "127.0.0.1:" + rpc;
        AtomicFiles.write(conf, config(meta, data, wal, bind, http).getBytes(StandardCharsets.UTF_8));
        List<String> cmd = new ArrayList<>();
        Optional<Path> setsid = onPath("setsid");
        setsid.ifPresent(p -> cmd.add(p.toString())); // own session: a Ctrl-C in the shell's terminal does not reach it
        cmd.addAll(List.of(influxd.toString(), "run", "-config", conf.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("INFLUXDB_"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw UpgradeException.unavailable("demo server: cannot run " + influxd + ": " + e.getMessage()
                    + " (check that influxd is installed and executable)");
        }
        String url = "http://127.0.0.1:" + http;
        waitForPing(p, url, log);
        Server s = new Server(p.pid(), url, bind, influxd.toString(), conf.toString(), meta.toString(), data.toString(),
                wal.toString(), log.toString(), Instant.now());
        try {
            AtomicFiles.write(sessionDir.resolve(PID_FILE), Json.mapper().writeValueAsBytes(s));
        } catch (IOException e) {
            p.destroy();
            throw AtomicFiles.ioFailure("record the demo server's pid in " + sessionDir, e);
        }
        return s;
    }

    /** The server recorded in the session folder, if any. */
    public static Optional<Server> recorded(Path sessionDir) {
        Path f = sessionDir.resolve(PID_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(f.toFile(), Server.class));
        } catch (IOException e) {
            throw UpgradeException.failed("demo server record " + f + " is unreadable (" + e.getClass().getSimpleName()
                    + "); stop the influxd by hand and delete the file");
        }
    }

    /** Stops the recorded server by its pid (SIGTERM, then SIGKILL after 20 s) and forgets it. */
    public static Stopped stop(Path sessionDir, String sessionName) {
        Server s = recorded(sessionDir).orElseThrow(() -> UpgradeException.notReady("demo stop: no demo server is recorded for session '"
                + sessionName + "' (start one with 'demo create --with-server')"));
        Path f = sessionDir.resolve(PID_FILE);
        Optional<ProcessHandle> h = ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive);
        if (h.isEmpty()) {
            AtomicFiles.deleteQuietly(f);
            return new Stopped(s.pid(), false, "the demo influxd (pid " + s.pid() + ") was no longer running");
        }
        String command = h.get().info().command().orElse("");
        if (!command.isEmpty() && !Path.of(command).getFileName().toString().contains("influxd")) {
            AtomicFiles.deleteQuietly(f);
            return new Stopped(s.pid(), false, "pid " + s.pid() + " now belongs to " + command
                    + ", not the demo influxd: left alone (the demo server had already stopped)");
        }
        h.get().destroy();
        try {
            h.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            h.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable("demo stop: interrupted while waiting for pid " + s.pid() + " to stop");
        } catch (java.util.concurrent.ExecutionException e) {
            // onExit does not fail
        }
        AtomicFiles.deleteQuietly(f);
        return new Stopped(s.pid(), true, "stopped the demo influxd (pid " + s.pid() + ")");
    }

    static String config(Path meta, Path data, Path wal, String bind, int http) {
        return """
                # demo server of the influx-upgrade sandbox: loopback only, nothing that changes the demo data on its own
                reporting-disabled = true
                bind-address = "%s"

                [meta]
                  dir = %s

                [data]
                  dir = %s
                  wal-dir = %s
                  query-log-enabled = false

                [retention]
                  enabled = false

                [shard-precreation]
                  enabled = false

                [monitor]
                  store-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = false
                  log-enabled = false

                [subscriber]
                  enabled = false

                [continuous_queries]
                  enabled = false
                """.formatted(bind, DemoConfigs.q(meta), DemoConfigs.q(data), DemoConfigs.q(wal), http);
    }

    private static void waitForPing(Process p, String url, Path log) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw UpgradeException.unavailable("demo server: influxd exited with code " + p.exitValue() + " while starting: "
                        + lastLine(log) + " (full log: " + log + ")");
            }
            if (pings(url)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroy();
                throw UpgradeException.unavailable("demo server: interrupted while waiting for influxd to start");
            }
        }
        p.destroy();
        throw UpgradeException.unavailable("demo server: influxd did not answer " + url + "/ping within "
                + START_TIMEOUT_MILLIS / 1000 + " s and was stopped (see " + log + ")");
    }

    static boolean pings(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "/ping").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 204;
        } catch (IOException e) {
            return false;
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(no output)";
        } catch (IOException | RuntimeException e) {
            return "(log unreadable)";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("find a free loopback port", e);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Copies the tsm1 shard directories (b1/bz1 shard files are left out: no 1.x server opens them). */
    private static void copyTsmShards(Path from, Path to) throws IOException {
        io.influxupgrade.commands.fs.FileTrees.copy(from, to, (rel, attrs) -> rel.getNameCount() == 4 && attrs.isRegularFile());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        io.influxupgrade.commands.fs.FileTrees.copy(from, to, (rel, attrs) -> true);
    }
}
