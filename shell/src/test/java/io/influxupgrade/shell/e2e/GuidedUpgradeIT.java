package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.InstallDirs;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 0.10/0.11 → 1.4 procedure end to end on real files and a real influxd (1.6.7 stands in for both the
 * old and the new binary), then a failed upgrade and its recovery. Starting and stopping the service are
 * the operator's steps: the test does them between batches, as an operator would.
 */
@RealInfluxd
class GuidedUpgradeIT {

    @TempDir
    Path tmp;

    private ShellProcess.Run batch(ShellProcess shell, String name, String... lines) throws Exception {
        Path f = tmp.resolve(name + ".batch");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return shell.run("--format", "json", "--script", f.toString());
    }

    private static String show(InfluxdServer server) {
        return server.query("SHOW DATABASES") + server.query("SHOW USERS")
                + server.query("SHOW RETENTION POLICIES ON telegraf") + server.query("SHOW RETENTION POLICIES ON \"app db\"");
    }

    @Test
    void raftEraProcedureThenAFailedUpgradeAndItsRecovery(InfluxdServer server) throws Exception {
        server.query("CREATE DATABASE telegraf");
        server.query("CREATE RETENTION POLICY two_weeks ON telegraf DURATION 14d REPLICATION 1 SHARD DURATION 1d DEFAULT");
        server.query("CREATE DATABASE \"app db\"");
        server.query("CREATE USER admin WITH PASSWORD 'admin-pass' WITH ALL PRIVILEGES");
        server.query("CREATE USER reader WITH PASSWORD 'reader-pass'");
        server.query("GRANT READ ON telegraf TO reader");
        server.query("CREATE CONTINUOUS QUERY cq_mean ON telegraf BEGIN SELECT mean(value) INTO mean_cpu FROM cpu GROUP BY time(1h) END");
        server.write("telegraf", "autogen", "cpu,host=a value=1 1700000000000000000\ncpu,host=b value=2 1700003600000000000");
        String before = show(server);

        String me = System.getProperty("user.name");
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));
        Path fresh = Files.createDirectories(tmp.resolve("fresh-meta"));

        // 1. while the old service runs: backups, metastore export through influxd, baseline
        ShellProcess.Run r1 = batch(shell, "1-before",
                "session new prod --from 0.11.1 --to 1.4 --config " + server.configFile() + " --service-user " + me,
                "connect --url " + server.url(),
                "backup meta-dir",
                "backup metastore --via influxd",
                "verify baseline --name before",
                "backup list");
        assertThat(r1.exitCode()).as(r1.stderr()).isZero();
        List<String> out1 = r1.stdoutLines();
        String metastoreId = SessionIT.json(out1.get(3)).get("id").asText();
        JsonNode list = SessionIT.json(out1.get(5)).get("backups");
        assertThat(list).hasSize(2).allSatisfy(b -> assertThat(b.get("verified").asBoolean()).isTrue());

        // 2. the operator stops the old service and installs the new binary
        server.stop();

        // 3. restore the metastore into a fresh meta dir (native), check owners
        ShellProcess.Run r2 = batch(shell, "2-restore",
                "session set meta-dir " + fresh,
                "restore metastore --from " + metastoreId + " --via native",
                "perms check --user " + me + " --group " + groupOf(tmp));
        assertThat(r2.exitCode()).as(r2.stderr()).isZero();
        assertThat(fresh.resolve("meta.db")).exists();

        // 4. the operator starts the new binary on it
        server.start(fresh);
        ShellProcess.Run r3 = batch(shell, "3-compare", "connect --url " + server.url(), "verify compare --baseline before");
        assertThat(r3.exitCode()).as(r3.stderr() + r3.stdout()).isZero();
        assertThat(show(server)).isEqualTo(before);

        // The failure path: a database goes missing from the restored metastore.
        server.stop();
        MetaData restored = MetaSources.read(fresh.resolve("meta.db")).data();
        MetaStoreWriter.writeMetaDb(fresh, restored.withDatabases(restored.databases().stream()
                .filter(d -> !d.name().equals("app db")).toList()));
        server.start(fresh);
        ShellProcess.Run r4 = batch(shell, "4-compare-fails", "connect --url " + server.url(), "verify compare --baseline before");
        assertThat(r4.exitCode()).isEqualTo(4);
        assertThat(r4.stderr()).contains("4-compare-fails.batch:2: error:");
        assertThat(r4.stdout()).contains("app db");

        server.stop();
        ShellProcess.Run r5 = batch(shell, "5-recover", "recover", "recover metastore-missing --run", "status");
        assertThat(r5.exitCode()).as(r5.stderr() + r5.stdout()).isZero();
        assertThat(SessionIT.json(r5.stdoutLines().get(0)).get("playbook").asText()).isEqualTo("metastore-missing");
        JsonNode ran = SessionIT.json(r5.stdoutLines().get(1));
        assertThat(ran.get("steps").toString()).contains("restore meta-dir --from");

        server.start(fresh);
        ShellProcess.Run r6 = batch(shell, "6-compare-again", "connect --url " + server.url(), "verify compare --baseline before");
        assertThat(r6.exitCode()).as(r6.stderr() + r6.stdout()).isZero();
        assertThat(show(server)).isEqualTo(before);
    }

    @Test
    void raftLayoutMetaDirIsAPreflightError() throws Exception {
        InstallDirs dirs = InstallDirs.create(tmp);
        MetaData data = MetaData.of(2, 10, 7, 0, 0, List.of(), List.of());
        MetaStoreWriter.writeRaftSnapshot(dirs.meta(), data, 2, 10, 1_700_000_000_000L, List.of("127.0.0.1:8088"));
        MetaStoreWriter.writeRaftDb(dirs.meta(), List.of(), 2);
        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).feed(String.join("\n",
                "session new old --from 0.11.1 --meta-dir " + dirs.meta() + " --data-dir " + dirs.data() + " --wal-dir " + dirs.wal(),
                "check --include meta.raft-db-present --no-plan", "check --include meta.raft-db-present", ""),
                "--format", "json", "--keep-going");
        assertThat(r.exitCode()).isEqualTo(4);
        JsonNode findings = SessionIT.json(r.stdoutLines().get(1)).get("findings");
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.get("id").asText()).isEqualTo("meta.raft-db-present");
            assertThat(f.get("severity").asText()).isEqualTo("ERROR");
        });
        // inside the 0.11 plan the restore step replaces raft.db: a notice naming that step, and the check passes
        JsonNode inPlan = SessionIT.json(r.stdoutLines().get(2));
        assertThat(inPlan.at("/summary/errors").asInt()).as(inPlan.toString()).isZero();
        assertThat(inPlan.get("findings")).singleElement().satisfies(f -> {
            assertThat(f.get("severity").asText()).isEqualTo("NOTICE");
            assertThat(f.get("message").asText()).startsWith("fixed by step").contains("Restore the metastore");
        });
    }

    private static String groupOf(Path p) throws Exception {
        return Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
    }
}
