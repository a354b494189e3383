package io.influxupgrade.commands.testing;

import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real InfluxDB release other than the Debian one on PATH (0.10.3, 0.11.1, 1.4.3 built from their tags, see
 * {@code real/README.md} in the test resources), run for a test on 127.0.0.1 with free ports: its config is the
 * release's own {@code influxd config} with the dirs, every address and the phone-home switch changed (the same
 * rewrite as {@code scripts/fixtures/lib.sh}). Queries go as GET, which every release takes (0.11 refuses POST).
 * The binaries are found under {@code $INFLUX_UPGRADE_REAL_HOME/<version>/bin}.
 */
public final class ReleaseServer implements AutoCloseable {

    /** The environment variable that names the folder of built releases. */
    public static final String HOME_ENV = "INFLUX_UPGRADE_REAL_HOME";

    private final Path bin;
    private final Path root;
    private Path config;
    private int httpPort;
    private int metaPort;
    private int topPort;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReleaseServer(Path bin, Path root) {
        this.bin = bin;
        this.root = root;
    }

    /** The bin dir of one built release, or an AssertionError naming what is missing. */
    public static Path release(Path home, String version) {
        Path b = home.resolve(version).resolve("bin");
        for (String tool : List.of("influxd", "influx")) {
            if (!Files.isExecutable(b.resolve(tool))) {
                throw new AssertionError(HOME_ENV + "=" + home + " has no " + b.resolve(tool) + " (build InfluxDB " + version
                        + " from its tag, see the real fixtures' README)");
            }
        }
        return b;
    }

    /** A server of the release in {@code bin}, rooted at {@code root} (meta, data, wal below it); config written now. */
    public static ReleaseServer create(Path bin, Path root) {
        ReleaseServer s = new ReleaseServer(bin, root);
        s.writeConfig();
        return s;
    }

    public Path bin() {
        return bin;
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return config;
    }

    public Path metaDir() {
        return root.resolve("meta");
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** {@code 127.0.0.1:PORT} of the {@code [meta] bind-address}: where 0.10/0.11 serve {@code influxd backup}. */
    public String metaBindAddress() {
        return "127.0.0.1:" + metaPort;
    }

    private void writeConfig() {
        try {
            Files.createDirectories(root);
            metaPort = freePort();
            httpPort = freePort();
            topPort = freePort();
            int metaHttp = freePort();
            // 1.x merges /etc/influxdb/influxdb.conf into `influxd config` unless given one; 0.10/0.11 print nothing then
            String defaults = InfluxdServer.ProcessResult.run(List.of(bin.resolve("influxd").toString(), "config", "-config", "/dev/null"),
                    Duration.ofSeconds(30)).output();
            if (!defaults.contains("[meta]")) {
                defaults = run(List.of(bin.resolve("influxd").toString(), "config"));
            }
            StringBuilder out = new StringBuilder();
            String section = "";
            for (String line : defaults.split("\n", -1)) {
                String t = line.strip();
                if (t.startsWith("Merging with configuration")) {
                    continue;
                }
                if (t.startsWith("[")) {
                    section = t;
                }
                String key = t.contains("=") ? t.substring(0, t.indexOf('=')).strip() : "";
                String v = switch (section + "|" + key) {
                    case "|reporting-disabled" -> "reporting-disabled = true";
                    case "|bind-address" -> "bind-address = \"127.0.0.1:" + topPort + "\"";
                    case "|hostname" -> "hostname = \"127.0.0.1\"";
                    case "[meta]|dir" -> "  dir = \"" + root.resolve("meta") + "\"";
                    case "[meta]|bind-address" -> "  bind-address = \"127.0.0.1:" + metaPort + "\"";
                    case "[meta]|http-bind-address" -> "  http-bind-address = \"127.0.0.1:" + metaHttp + "\"";
                    case "[data]|dir" -> "  dir = \"" + root.resolve("data") + "\"";
                    case "[data]|wal-dir" -> "  wal-dir = \"" + root.resolve("wal") + "\"";
                    case "[data]|cache-snapshot-write-cold-duration" -> "  cache-snapshot-write-cold-duration = \"2s\"";
                    case "[admin]|enabled" -> "  enabled = false";
                    case "[monitor]|store-enabled" -> "  store-enabled = false";
                    case "[http]|bind-address" -> "  bind-address = \"127.0.0.1:" + httpPort + "\"";
                    default -> line;
                };
                out.append(v).append('\n');
            }
            config = root.resolve("influxd.conf");
            Files.writeString(config, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on the written config. */
    public ReleaseServer start() {
        return start(config);
    }

    /**
     * Starts on {@code configFile} (e.g. a config the shell migrated); the HTTP port is read from its
     * {@code [http] bind-address}, which must be on 127.0.0.1.
     */
    public ReleaseServer start(Path configFile) {
        return Unchecked.io(() -> {
            TomlParseResult toml = Toml.parse(configFile);
            String addr = toml.getString("http.bind-address");
            if (addr == null || !addr.startsWith("127.0.0.1:")) {
                throw new AssertionError("not a loopback [http] bind-address in " + configFile + ": " + addr);
            }
            httpPort = Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
            ProcessBuilder pb = new ProcessBuilder(bin.resolve("influxd").toString(), "-config", configFile.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(root.resolve("influxd-" + System.nanoTime() + ".log").toFile());
            process = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("influxd " + bin + " exited with " + process.exitValue() + ": " + tailLogs());
                }
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 204) {
                        return this;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
            throw new AssertionError("influxd " + bin + " did not answer /ping in 30 s: " + tailLogs());
        });
    }

    public long pid() {
        return process.pid();
    }

    /** One GET /query; the JSON answer, or an AssertionError when it holds an error. */
    public String query(String influxql) {
        return query(influxql, null);
    }

    public String query(String influxql, String db) {
        String q = url() + "/query?q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8)
                + (db == null ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(q)).timeout(Duration.ofSeconds(30)).GET().build());
        if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
            throw new AssertionError(influxql + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** POST /write of line protocol (nanosecond times) into db.rp. */
    public void write(String db, String rp, String lines) {
        String u = url() + "/write?db=" + URLEncoder.encode(db, StandardCharsets.UTF_8) + "&rp=" + URLEncoder.encode(rp, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(lines)).build());
        if (r.statusCode() != 204) {
            throw new AssertionError("write " + db + "." + rp + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        return Unchecked.io(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Stops the server by PID (SIGTERM, then SIGKILL after 10 s). */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Runs one of the release's tools ({@code influxd backup}, {@code influx_tsm}, …) and returns its exit code and output. */
    public InfluxdServer.ProcessResult tool(String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve(tool).toString()));
        cmd.addAll(List.of(args));
        return InfluxdServer.ProcessResult.run(cmd, Duration.ofSeconds(60));
    }

    private String tailLogs() {
        try (var s = Files.list(root)) {
            StringBuilder b = new StringBuilder();
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("influxd-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                b.append(String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size())));
            }
            return b.toString();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String run(List<String> cmd) throws IOException {
        InfluxdServer.ProcessResult r = InfluxdServer.ProcessResult.run(cmd, Duration.ofSeconds(30));
        if (r.exitCode() != 0) {
            throw new AssertionError(cmd + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** For diagnostics: the environment a shell process needs to find this release's binaries first on PATH. */
    public Map<String, String> pathFirst() {
        return Map.of("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    }
}
