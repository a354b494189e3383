package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.testing.ReleaseServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed path with the real releases: a real 0.11.1 with data, the shell's guided 0.11 → 1.4 procedure (the
 * example batch included), the real 1.4.3 started on the migrated config and the restored meta dir, the baseline
 * compared and the data queried; then the 1.3-style hop from that 1.4.3 to the Debian 1.6.7.
 *
 * <p>Runs when {@code INFLUX_UPGRADE_REAL_HOME} names the folder of built releases ({@code 0.11.1/bin},
 * {@code 1.4.3/bin}; see the real fixtures' README); without it the test is skipped and says so. With the variable
 * set, a missing binary fails the test. The operator's steps (stop, install, start) are done by the test between
 * batches, as an operator would do them: "installing" a binary puts its folder first on the shell's PATH.
 */
class RealReleasesIT {

    @TempDir
    Path tmp;

    private Path home;

    /** Per test, so that a run without the releases counts it as skipped, with this reason. */
    @BeforeEach
    void releases() {
        String v = System.getenv(ReleaseServer.HOME_ENV);
        assumeTrue(v != null && !v.isBlank(), ReleaseServer.HOME_ENV + " is not set: the end-to-end run with real 0.11.1 and 1.4.3 is skipped");
        home = Path.of(v);
    }

    private ShellProcess.Run batch(ShellProcess shell, String name, String... lines) throws Exception {
        Path f = tmp.resolve(name + ".batch");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return shell.run("--format", "json", "--script", f.toString());
    }

    /**
     * What the upgrade document says to compare: SHOW DATABASES, USERS, RETENTION POLICIES ON each db (the columns
     * every release prints: 1.x adds shardGroupDuration), and GRANTS FOR each user (sorted: a Go map holds them).
     */
    private static String show(ReleaseServer s, List<String> dbs, List<String> users) {
        List<String> out = new ArrayList<>(List.of(rows(s.query("SHOW DATABASES"), false), rows(s.query("SHOW USERS"), false)));
        dbs.forEach(db -> out.add(db + ": " + rows(s.query("SHOW RETENTION POLICIES ON " + ident(db)), false,
                "name", "duration", "replicaN", "default")));
        users.forEach(u -> out.add(u + ": " + rows(s.query("SHOW GRANTS FOR " + ident(u)), true)));
        return String.join("\n", out);
    }

    /** The rows of a one-series answer, only the named columns when some are named. */
    private static String rows(String json, boolean sorted, String... columns) {
        JsonNode series = SessionIT.json(json).at("/results/0/series/0");
        List<String> names = new ArrayList<>();
        series.path("columns").forEach(c -> names.add(c.asText()));
        List<String> rows = new ArrayList<>();
        for (JsonNode v : series.path("values")) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (columns.length == 0 || List.of(columns).contains(names.get(i))) {
                    row.add(v.get(i).asText());
                }
            }
            rows.add(row.toString());
        }
        if (sorted) {
            rows.sort(null);
        }
        return rows.toString();
    }

    private static String ident(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static long count(ReleaseServer s, String db, String rp, String m, String field) {
        String json = s.query("SELECT count(" + ident(field) + ") FROM " + ident(db) + "." + ident(rp) + "." + ident(m), db);
        JsonNode v = SessionIT.json(json).at("/results/0/series/0/values/0/1");
        return v.isMissingNode() ? 0 : v.asLong();
    }

    /**
     * The shell's side of the operator starting {@code server}: record the start-service step, connect to it, compare
     * with {@code baseline}; then {@code more}.
     */
    private ShellProcess.Run compareAfterStart(ShellProcess shell, String name, ReleaseServer server, String baseline,
                                               String... more) throws Exception {
        List<String> lines = new ArrayList<>(List.of("done start-service", "connect --url " + server.url(),
                "verify compare --baseline " + baseline));
        lines.addAll(List.of(more));
        return batch(shell, name, lines.toArray(String[]::new));
    }

    /** {@code s} shows the old server's metadata ({@code before}) and holds its points. */
    private static void assertHoldsWhatTheOldServerHeld(ReleaseServer s, List<String> dbs, List<String> users, String before) {
        assertThat(show(s, dbs, users)).isEqualTo(before);
        assertThat(count(s, "telegraf", "default", "cpu", "value")).isEqualTo(500);
        assertThat(count(s, "weird db", "forever", "m e", "f")).isEqualTo(2);
        assertThat(count(s, "ünïcödé", "default", "mëas", "v")).isEqualTo(1);
    }

    @Test
    void from011Through143To167() throws Exception {
        // steps 1-3: 0.11.1 -> 1.4.3, the document's raft path; steps 4-6: 1.4.3 -> 1.6.7, the 1.3-style hop
        Path b011 = ReleaseServer.release(home, "0.11.1");
        Path b143 = ReleaseServer.release(home, "1.4.3");
        String me = System.getProperty("user.name");
        List<String> dbs = List.of("telegraf", "weird db", "ünïcödé");
        List<String> users = List.of("admin", "read er", "wri\"ter");

        // The old install: a real 0.11.1 with awkward names, grants, a CQ and points in three databases.
        ReleaseServer old = ReleaseServer.create(b011, tmp.resolve("influxdb")).start();
        String before;
        long t0 = 1_456_790_400_000_000_000L; // 2016-03-01
        try {
            old.query("CREATE DATABASE telegraf");
            old.query("CREATE DATABASE \"weird db\"");
            old.query("CREATE DATABASE \"ünïcödé\"");
            old.query("CREATE RETENTION POLICY \"forever\" ON \"weird db\" DURATION INF REPLICATION 1 DEFAULT");
            old.query("CREATE USER admin WITH PASSWORD 'admin-pass' WITH ALL PRIVILEGES");
            old.query("CREATE USER \"read er\" WITH PASSWORD 'x'");
            old.query("GRANT READ ON \"weird db\" TO \"read er\"");
            old.query("CREATE USER " + ident("wri\"ter") + " WITH PASSWORD 'x'");
            old.query("GRANT ALL ON \"ünïcödé\" TO " + ident("wri\"ter"));
            old.query("CREATE CONTINUOUS QUERY cq_mean ON telegraf BEGIN SELECT mean(value) INTO mean_cpu FROM cpu GROUP BY time(1h) END");
            StringBuilder cpu = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                cpu.append("cpu,host=h").append(i % 5).append(" value=").append(i).append(' ').append(t0 + i * 60_000_000_000L).append('\n');
            }
            old.write("telegraf", "default", cpu.toString());
            old.write("weird db", "forever", "m\\ e,t\\ k=v\\,1 f=1i " + t0 + "\nm\\ e,t\\ k=v\\,1 f=2i " + (t0 + 1_000_000_000L));
            old.write("ünïcödé", "default", "mëas,tåg=ü v=1i,s=\"x\" " + t0);
            before = show(old, dbs, users);
            assertThat(before).contains("read er: [[weird db, READ]]").contains("[forever, 0s, 1, true]");

            // 1. while 0.11.1 runs, with 0.11.1 installed: session, baseline, the metastore through the real
            // `influxd backup` (0.11 serves it on the [meta] bind-address), then the whole example batch
            ShellProcess shell = new ShellProcess(tmp.resolve("home")).in(tmp).env("PATH", b011 + ":" + System.getenv("PATH"));
            ShellProcess.Run r1 = batch(shell, "1-before",
                    "session new prod --from 0.11.1 --to 1.4 --config " + old.configFile() + " --service-user " + me,
                    "connect --url " + old.url(),
                    "verify baseline --name before --window all",
                    "backup metastore --via influxd");
            assertThat(r1.exitCode()).as(r1.stderr() + r1.stdout()).isZero();
            JsonNode exported = SessionIT.json(r1.stdoutLines().get(3));
            assertThat(exported.toString()).contains(old.metaBindAddress());
            ShellProcess.Run example = shell.run("--format", "json", "--script",
                    Path.of("..", "scripts", "examples", "upgrade-0.10-0.11-to-1.4.batch").toAbsolutePath().normalize().toString());
            assertThat(example.exitCode()).as(example.stderr() + example.stdout()).isZero();
            assertThat(tmp.resolve("migrated-influxdb-1.4.conf")).exists();
        } finally {
            // 2. the operator stops the old service ...
            old.stop();
        }

        // ... and installs 1.4.3 without starting it: the shell now finds 1.4.3 first on PATH
        ShellProcess shell = new ShellProcess(tmp.resolve("home")).in(tmp).env("PATH", b143 + ":" + System.getenv("PATH"));
        ShellProcess.Run r2 = batch(shell, "2-switch",
                "done stop-service",
                "done install-binary",
                "restore metastore --from latest --via influxd",
                "perms fix",
                "status");
        assertThat(r2.exitCode()).as(r2.stderr() + r2.stdout()).isZero();
        assertThat(old.metaDir().resolve("meta.db")).exists();
        assertThat(old.metaDir().resolve("raft.db")).doesNotExist();

        // 3. the operator starts 1.4.3 on the migrated config and the restored meta dir
        ReleaseServer next = ReleaseServer.create(b143, tmp.resolve("influxdb-1.4.3-own"));
        try {
            next.start(tmp.resolve("migrated-influxdb-1.4.conf"));
            ShellProcess.Run r3 = compareAfterStart(shell, "3-compare", next, "before", "status");
            assertThat(r3.exitCode()).as(r3.stderr() + r3.stdout()).isZero();
            assertHoldsWhatTheOldServerHeld(next, dbs, users, before);

            // 4. the 1.3-style hop from this 1.4.3 to the Debian 1.6.7, in a session of its own, baseline first
            ShellProcess.Run r4 = batch(shell, "4-hop-before",
                    "session new hop --from 1.4.3 --to 1.6 --config " + tmp.resolve("migrated-influxdb-1.4.conf") + " --service-user " + me,
                    "session set index inmem",
                    "connect --url " + next.url(),
                    "verify baseline --name before-1.6 --window all",
                    "backup meta-dir",
                    "check",
                    "plan");
            assertThat(r4.exitCode()).as(r4.stderr() + r4.stdout()).isZero();
            assertThat(r4.stdout()).contains("\"from\":\"1.4\"").contains("\"to\":\"1.6\"").doesNotContain("tsi-convert");
        } finally {
            next.stop();
        }

        // 5. the operator stops 1.4.3 and installs 1.6.7 (Debian's, on the default PATH); the shell migrates the config
        ShellProcess debian = new ShellProcess(tmp.resolve("home")).in(tmp);
        ShellProcess.Run r5 = batch(debian, "5-hop-switch",
                "done stop-service",
                "done install-binary",
                "config migrate --out " + tmp.resolve("migrated-influxdb-1.6.conf") + " --force",
                "check");
        assertThat(r5.exitCode()).as(r5.stderr() + r5.stdout()).isZero();

        // 6. the operator starts 1.6.7 on the config migrated for it
        ReleaseServer last = ReleaseServer.create(java.nio.file.Path.of("/usr/bin"), tmp.resolve("influxdb-1.6.7-own"));
        try {
            last.start(tmp.resolve("migrated-influxdb-1.6.conf"));
            ShellProcess.Run r6 = compareAfterStart(debian, "6-hop-compare", last, "before-1.6", "backup portable", "status");
            assertThat(r6.exitCode()).as(r6.stderr() + r6.stdout()).isZero();
            assertHoldsWhatTheOldServerHeld(last, dbs, users, before);
        } finally {
            last.stop();
        }
    }
}
