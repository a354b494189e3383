package io.influxupgrade.commands.bench;

import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.verify.ConnectionSettings;
import io.influxupgrade.commands.verify.InfluxJavaClient;
import io.influxupgrade.commands.verify.InfluxQl;
import io.influxupgrade.commands.verify.InfluxQuery;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code verify baseline} in a warm JVM against a server with 200 databases × 3 retention policies and
 * 100 users, versus one {@code influx -execute} process running the same statements joined by {@code ;}.
 * Run: see VERIFY-BENCH.md next to this file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class VerifyBaselineBenchmark {

    private Path root;
    private InfluxdServer server;
    private InfluxQuery client;
    private String sameStatements;
    private Path baselineDir;

    @Setup
    public void start() throws IOException {
        root = Files.createTempDirectory("verify-bench-");
        server = InfluxdServer.create(root.resolve("influxd"), InfluxdServer.Options.defaults()).start();
        List<String> create = new ArrayList<>();
        List<String> perObject = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            String db = "db_" + d;
            create.add("CREATE DATABASE " + db);
            create.add("CREATE RETENTION POLICY short ON " + db + " DURATION 1d REPLICATION 1");
            create.add("CREATE RETENTION POLICY long ON " + db + " DURATION 52w REPLICATION 1 SHARD DURATION 7d");
            perObject.add("SHOW RETENTION POLICIES ON " + InfluxQl.ident(db));
        }
        for (int u = 0; u < 100; u++) {
            String user = "user_" + u;
            create.add("CREATE USER " + user + " WITH PASSWORD 'pw'");
            create.add("GRANT READ ON db_" + u + " TO " + user);
            perObject.add("SHOW GRANTS FOR " + InfluxQl.ident(user));
        }
        for (int i = 0; i < create.size(); i += 100) {
            server.query(String.join("; ", create.subList(i, Math.min(create.size(), i + 100))));
        }
        List<String> all = new ArrayList<>(List.of("SHOW DATABASES", "SHOW CONTINUOUS QUERIES", "SHOW SUBSCRIPTIONS",
                "SHOW SHARDS", "SHOW USERS"));
        all.addAll(perObject);
        sameStatements = String.join("; ", all);
        client = InfluxJavaClient.open(ConnectionSettings.of(server.url()), null);
        baselineDir = root.resolve("baselines");
    }

    @TearDown
    public void stop() throws IOException {
        client.close();
        server.stop();
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public Object verifyBaseline() {
        return new VerifyBaselineCommand(Clock.systemUTC()).run(client, new VerifyBaselineCommand.Request("bench", 0, baselineDir));
    }

    @Benchmark
    public int influxExecute() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("influx", "-host", "127.0.0.1", "-port", String.valueOf(server.httpPort()),
                "-execute", sameStatements)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("influx -execute exited " + rc);
        }
        return rc;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(VerifyBaselineBenchmark.class.getSimpleName()).build()).run();
    }
}
