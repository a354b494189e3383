package io.influxupgrade.commands.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code influxd} started from PATH for tests: its own config, meta, data and wal dirs under a temp
 * directory, HTTP and backup ports on 127.0.0.1 picked free, stopped by PID. Only loopback, ever.
 */
public final class InfluxdServer implements AutoCloseable {

    /** Options for one server; the defaults suit most tests. */
    public record Options(boolean authEnabled, String indexVersion, boolean monitorStore) {
        public static Options defaults() {
            return new Options(false, "inmem", false);
        }

        public Options withAuth() {
            return new Options(true, indexVersion, monitorStore);
        }

        public Options withIndex(String index) {
            return new Options(authEnabled, index, monitorStore);
        }
    }

    private final Path root;
    private final Options options;
    private final Path influxd;
    private int httpPort;
    private int bindPort;
    private Process process;
    private String adminUser;
    private String adminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private InfluxdServer(Path root, Options options, Path influxd) {
        this.root = root;
        this.options = options;
        this.influxd = influxd;
    }

    /** The influxd binary on PATH, if any. */
    public static Optional<Path> findInfluxd() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "influxd");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Creates (does not start) a server rooted at {@code root}; dirs are {@code root/meta}, {@code root/data}, {@code root/wal}. */
    public static InfluxdServer create(Path root, Options options) {
        Path bin = findInfluxd().orElseThrow(() -> new IllegalStateException(
                "influxd is not on PATH: run scripts/test, which installs the Debian package influxdb"));
        return new InfluxdServer(root, options, bin);
    }

    public Path root() {
        return root;
    }

    public Path metaDir() {
        return root.resolve("meta");
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    public Path walDir() {
        return root.resolve("wal");
    }

    public Path configFile() {
        return root.resolve("influxdb.conf");
    }

    public Path logFile() {
        return root.resolve("influxd.log");
    }

    public int httpPort() {
        return httpPort;
    }

    /** The backup/restore RPC address (top-level bind-address), as {@code 127.0.0.1:PORT}. */
    public String bindAddress() {
        return "127.0.0.1:" + bindPort;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Options options() {
        return options;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Credentials the harness uses when auth is enabled (set with {@link #createAdmin}). */
    public void useCredentials(String user, String password) {
        this.adminUser = user;
        this.adminPassword = password;
    }

    /** Starts influxd on the current dirs (new ports each time) and waits until /ping answers. */
    public InfluxdServer start() {
        return start(metaDir());
    }

    /** Starts influxd with the given meta dir, e.g. a restored one. */
    public InfluxdServer start(Path metaDir) {
        if (isRunning()) {
            throw new IllegalStateException("influxd already running (pid " + pid() + ")");
        }
        try {
            Files.createDirectories(root);
            httpPort = freePort();
            bindPort = freePort();
            while (bindPort == httpPort) {
                bindPort = freePort();
            }
            Files.writeString(configFile(), config(metaDir));
            ProcessBuilder pb = new ProcessBuilder(influxd.toString(), "run", "-config", configFile().toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("INFLUXDB_"));
            process = pb.start();
            waitForPing(Duration.ofSeconds(30));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String config(Path metaDir) {
        return """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"

                [meta]
                  dir = "%s"
                  logging-enabled = false

                [data]
                  dir = "%s"
                  wal-dir = "%s"
                  index-version = "%s"
                  query-log-enabled = false
                  trace-logging-enabled = false

                [monitor]
                  store-enabled = %s

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = %s
                  log-enabled = false

                [continuous_queries]
                  enabled = false

                [logging]
                  level = "warn"
                """.formatted(bindPort, metaDir, dataDir(), walDir(), options.indexVersion(),
                options.monitorStore(), httpPort, options.authEnabled());
    }

    private void waitForPing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited with " + process.exitValue() + ": " + tailLog());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping"))
                        .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 204) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(50);
        }
        stop();
        throw new IllegalStateException("influxd did not answer /ping within " + timeout + ": " + tailLog());
    }

    /** The last lines of the server's log, for failure messages. */
    public String tailLog() {
        try {
            List<String> lines = Files.exists(logFile()) ? Files.readAllLines(logFile()) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server by PID (SIGTERM, then SIGKILL after 10 s) and waits until its port is closed. */
    public void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle h = process.toHandle();
        h.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                h.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (portOpen(httpPort) && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Runs InfluxQL (a POST to /query, so writes such as CREATE work) and returns the raw JSON answer. */
    public String query(String influxql) {
        return query(influxql, null);
    }

    /** Runs InfluxQL against {@code db} and returns the raw JSON answer; fails the test on an HTTP error or a statement error. */
    public String query(String influxql, String db) {
        String body = "q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8)
                + (db == null ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        auth(b);
        String answer = send(b.build(), "query " + influxql);
        if (answer.contains("\"error\"")) {
            throw new IllegalStateException("influxd refused `" + influxql + "`: " + answer);
        }
        return answer;
    }

    /** Writes line protocol into {@code db}/{@code rp} (rp may be null) with nanosecond precision. */
    public void write(String db, String rp, String lineProtocol) {
        String q = "db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)
                + (rp == null ? "" : "&rp=" + URLEncoder.encode(rp, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/write?" + q))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(lineProtocol));
        auth(b);
        send(b.build(), "write to " + db);
    }

    /** Creates the first admin user (allowed without credentials even with auth on) and uses it from now on. */
    public void createAdmin(String user, String password) {
        query("CREATE USER " + ident(user) + " WITH PASSWORD " + literal(password) + " WITH ALL PRIVILEGES");
        useCredentials(user, password);
    }

    private void auth(HttpRequest.Builder b) {
        if (adminUser != null) {
            String token = Base64.getEncoder().encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
            b.header("Authorization", "Basic " + token);
        }
    }

    private String send(HttpRequest req, String what) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(what + ": HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code influxd <args>} (e.g. backup) with the same binary and returns exit code and output. */
    public ProcessResult influxd(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(influxd.toString());
        cmd.addAll(List.of(args));
        return ProcessResult.run(cmd, Duration.ofSeconds(60));
    }

    /** InfluxQL identifier quoting: double quotes, with quotes and backslashes escaped. */
    public static String ident(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** InfluxQL string literal quoting. */
    public static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exit code and combined output of a finished process. */
    public record ProcessResult(int exitCode, String output) {
        public static ProcessResult run(List<String> cmd, Duration timeout) {
            return Unchecked.io(() -> {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + cmd);
                }
                return new ProcessResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
            });
        }
    }
}
