package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.InstallDirs;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code backup}, {@code restore} and {@code perms} in the real jar: a meta dir written by the codec for the offline
 * commands (one JSON batch to make backups, one to verify, tamper-check, roll back and dry-run), and a real influxd for
 * {@code backup metastore --via influxd} restored natively into a fresh meta dir that influxd then starts on.
 */
@RealInfluxd
class BackupIT {

    @TempDir
    Path tmp;

    @Test
    void backupVerifyRollbackDryRunAndRefusalsInJsonBatches() throws Exception {
        InstallDirs dirs = InstallDirs.create(tmp);
        Path metaDir = dirs.meta();
        MetaStoreWriter.writeMetaDb(metaDir, data(List.of("telegraf", "app")));
        Files.writeString(metaDir.resolve("peers.json"), "[]");
        byte[] originalMetaDb = Files.readAllBytes(metaDir.resolve("meta.db"));
        Path config = config(tmp.resolve("influxdb.conf"), dirs);
        String user = System.getProperty("user.name");
        String group = Files.readAttributes(metaDir, java.nio.file.attribute.PosixFileAttributes.class).group().getName();

        Path home = tmp.resolve("home");
        ShellProcess shell = new ShellProcess(home);

        // 1. make backups: two meta-dir copies (the second is tampered with below) and a native metastore export
        ShellProcess.Run make = shell.feed(String.join("\n",
                "session new a --from 1.3 --config " + config,
                "backup meta-dir",
                "backup meta-dir",
                "backup metastore --via native",
                "backup list",
                "perms check --user " + user + " --group " + group,
                ""), "--format", "json", "--keep-going");
        assertThat(make.exitCode()).as(make.stderr()).isZero();
        List<String> lines = make.stdoutLines();
        assertThat(lines).hasSize(6);
        JsonNode md = SessionIT.json(lines.get(1));
        JsonNode tampered = SessionIT.json(lines.get(2));
        JsonNode ms = SessionIT.json(lines.get(3));
        assertThat(md.get("kind").asText()).isEqualTo("meta-dir");
        assertThat(md.get("verified").asBoolean()).isTrue();
        assertThat(md.get("files").asInt()).isEqualTo(2);
        assertThat(md.get("path").asText()).startsWith(home.resolve("sessions/a/backups").toString());
        assertThat(tampered.get("id").asText()).isNotEqualTo(md.get("id").asText());
        assertThat(ms.get("kind").asText()).isEqualTo("metastore");
        assertThat(ms.get("via").asText()).isEqualTo("native");
        JsonNode list = SessionIT.json(lines.get(4)).get("backups");
        assertThat(list).hasSize(3);
        list.forEach(b -> assertThat(b.get("verified").asBoolean()).as(b.toString()).isTrue());
        assertThat(names(list, "kind")).containsExactlyInAnyOrder("meta-dir", "meta-dir", "metastore");
        assertThat(SessionIT.json(lines.get(5)).get("findings")).isEmpty();
        JsonNode session = SessionIT.json(Files.readString(home.resolve("sessions/a/session.json")));
        assertThat(names(session.get("backups"), "id")).containsExactlyInAnyOrder(md.get("id").asText(),
                tampered.get("id").asText(), ms.get("id").asText());
        assertThat(Files.readAllBytes(metaDir.resolve("meta.db"))).isEqualTo(originalMetaDb);

        // 2. tamper with one backup (same size, one byte), and change the meta dir: another database, a stray file
        Path tamperedFile = Path.of(tampered.get("path").asText(), "files", "meta.db");
        byte[] t = Files.readAllBytes(tamperedFile);
        t[t.length / 2] ^= 0x01;
        Files.write(tamperedFile, t);
        MetaStoreWriter.writeMetaDb(metaDir, data(List.of("telegraf", "app", "later")));
        Files.writeString(metaDir.resolve("stray.tmp"), "x");
        assertThat(Files.readAllBytes(metaDir.resolve("meta.db"))).isNotEqualTo(originalMetaDb);

        String mdId = md.get("id").asText();
        ShellProcess.Run check = shell.feed(String.join("\n",
                "backup verify " + mdId,
                "backup verify " + tampered.get("id").asText(),
                "restore meta-dir --from " + mdId,
                "restore metastore --from " + ms.get("id").asText() + " --dry-run",
                "session new b --from 1.3 --config " + config,
                "restore metastore --from " + ms.get("path").asText() + " --dry-run",
                ""), "--format", "json", "--keep-going");
        List<String> out = check.stdoutLines();
        assertThat(out).as(check.stderr()).hasSize(6);
        assertThat(check.exitCode()).isIn(3, 4);

        JsonNode ok = SessionIT.json(out.get(0));
        assertThat(ok.get("verified").asBoolean()).isTrue();
        assertThat(ok.get("failed").asBoolean()).isFalse();

        JsonNode bad = SessionIT.json(out.get(1));
        assertThat(bad.get("verified").asBoolean()).isFalse();
        assertThat(bad.get("problems").toString()).contains("meta.db");
        assertThat(check.stderr()).contains("-:2: error: backup ");

        JsonNode rollback = SessionIT.json(out.get(2));
        assertThat(rollback.get("dryRun").asBoolean()).isFalse();
        assertThat(rollback.get("differences")).isEmpty();
        assertThat(rollback.get("safetyBackup").get("kind").asText()).isEqualTo("meta-dir");
        assertThat(Files.readAllBytes(metaDir.resolve("meta.db"))).as("the rollback puts back the bytes").isEqualTo(originalMetaDb);
        assertThat(metaDir.resolve("stray.tmp")).doesNotExist();
        assertThat(metaDir.resolve("peers.json")).hasContent("[]");
        Path safety = Path.of(rollback.get("safetyBackup").get("path").asText());
        assertThat(safety.resolve("files/stray.tmp")).as("the state before the rollback was backed up first").exists();

        JsonNode dry = SessionIT.json(out.get(3));
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("writes").toString()).contains(metaDir.resolve("meta.db").toString());
        assertThat(dry.get("untouched").toString()).contains(metaDir.resolve("peers.json").toString());
        assertThat(Files.readAllBytes(metaDir.resolve("meta.db"))).as("a dry run writes nothing").isEqualTo(originalMetaDb);

        JsonNode refused = SessionIT.json(out.get(5)).get("error");
        assertThat(refused.get("exitCode").asInt()).isEqualTo(3);
        assertThat(refused.get("message").asText()).contains("restore metastore").contains("backup meta-dir");
        assertThat(check.stderr()).doesNotContain("Exception");

        JsonNode sessionA = SessionIT.json(Files.readString(home.resolve("sessions/a/session.json")));
        for (JsonNode b : sessionA.get("backups")) {
            boolean isTampered = b.get("id").asText().equals(tampered.get("id").asText());
            assertThat(b.get("verified").asBoolean()).as(b.toString()).isEqualTo(!isTampered);
        }
        assertThat(names(sessionA.get("backups"), "id")).as("the safety backup is recorded").hasSize(4);

        // 3. an interrupted backup (a partial folder) is reported at start-up; Tab completes backup ids and --via
        Files.createDirectories(home.resolve("sessions/b/backups/meta-dir-20200101T000000Z.partial/files"));
        ShellProcess.Run repl = shell.env("INFLUX_UPGRADE_TERM", "ansi").feed(String.join("\n",
                "session open a",
                "backup show --id metas\t",
                "restore metastore --from " + ms.get("id").asText() + " --via nat\t--dry-run",
                ""), "--interactive");
        String replOut = ReplIT.plain(repl.stdout());
        assertThat(repl.stderr() + replOut).contains("interrupted").contains("'backup cleanup'")
                .contains("meta-dir-20200101T000000Z.partial");
        assertThat(replOut).contains("backup show --id " + ms.get("id").asText())
                .contains("--via native --dry-run").contains("dry run: would restore");
    }

    @Test
    void influxdBackupRestoredNativelyIntoAFreshMetaDirStartsWithTheSameDatabases(InfluxdServer server) throws Exception {
        server.query("CREATE DATABASE " + InfluxdServer.ident("telegraf"));
        server.query("CREATE RETENTION POLICY two_weeks ON telegraf DURATION 14d REPLICATION 1 DEFAULT");
        server.query("CREATE DATABASE " + InfluxdServer.ident("app db"));
        server.write("telegraf", "two_weeks", "cpu,host=a value=1 " + (System.currentTimeMillis() - 3_600_000L) * 1_000_000L);
        String databasesBefore = server.query("SHOW DATABASES");
        String policiesBefore = server.query("SHOW RETENTION POLICIES ON telegraf");

        Path home = tmp.resolve("home");
        ShellProcess shell = new ShellProcess(home);
        ShellProcess.Run backup = shell.feed(String.join("\n",
                "session new live --from 1.3 --config " + server.configFile(),
                "backup meta-dir",
                "backup metastore --via influxd",
                ""), "--format", "json", "--keep-going");
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();
        JsonNode export = SessionIT.json(backup.stdoutLines().get(2));
        assertThat(export.get("via").asText()).isEqualTo("influxd");
        assertThat(export.get("verified").asBoolean()).isTrue();
        assertThat(export.get("detail").asText()).contains("backup -host " + server.bindAddress());

        server.stop();
        Path fresh = Files.createDirectories(tmp.resolve("fresh-meta"));
        ShellProcess.Run restore = shell.feed(String.join("\n",
                "restore metastore --from " + export.get("id").asText() + " --meta-dir " + fresh + " --via native",
                ""), "--format", "json");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        JsonNode rep = SessionIT.json(restore.stdoutLines().get(0));
        assertThat(rep.get("via").asText()).isEqualTo("native");
        assertThat(rep.get("differences")).isEmpty();
        assertThat(fresh.resolve("meta.db")).exists();

        server.start(fresh);
        try {
            assertThat(server.query("SHOW DATABASES")).isEqualTo(databasesBefore);
            assertThat(server.query("SHOW RETENTION POLICIES ON telegraf")).isEqualTo(policiesBefore);
        } finally {
            server.stop();
        }
    }

    private static MetaData data(List<String> databases) {
        List<MetaData.DatabaseInfo> dbs = new ArrayList<>();
        for (String name : databases) {
            dbs.add(new MetaData.DatabaseInfo(name, "autogen", List.of(new MetaData.RetentionPolicyInfo("autogen", 0,
                    Duration.ofDays(7).toNanos(), 1, List.of(), List.of())), List.of()));
        }
        return MetaData.of(1, 5 + databases.size(), 42, 0, 0, dbs, List.of());
    }

    /** A config naming the dirs and unused loopback ports, so the service probe looks at this instance only. */
    private static Path config(Path file, InstallDirs dirs) throws IOException {
        List<String> lines = new ArrayList<>(List.of("reporting-disabled = true", "bind-address = \"127.0.0.1:" + freePort() + "\""));
        lines.addAll(dirs.configLines());
        lines.addAll(List.of("[http]", "  bind-address = \"127.0.0.1:" + freePort() + "\"", ""));
        Files.writeString(file, String.join("\n", lines));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    /** Issue 15 item 1: a real 'influxd backup DIR' was refused by restore ("has no manifest.json"). */
    @Test
    void aRealInfluxdBackupFolderIsShownVerifiedByImportAndRestored(InfluxdServer server) throws Exception {
        server.query("CREATE DATABASE " + InfluxdServer.ident("app db"));
        server.query("CREATE USER " + InfluxdServer.ident("u 1") + " WITH PASSWORD 'pw-1'");
        Path dir = tmp.resolve("influxd-backup");
        InfluxdServer.ProcessResult b = server.influxd("backup", "-host", server.bindAddress(), dir.toString());
        assertThat(b.exitCode()).as(b.output()).isZero();
        server.stop();
        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).feed(String.join("\n",
                "session new f --from 1.3 --meta-dir " + fresh + " --data-dir " + server.dataDir() + " --wal-dir " + server.walDir(),
                "meta show " + dir + " --section databases",
                "backup show " + dir,
                "backup verify " + dir,
                "restore metastore --from " + dir + " --via native",
                "backup list", ""), "--format", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // a freshly started 1.6.7 that never took a write has no wal dir yet: a warning, not a refusal (issue 15 item 2)
        assertThat(server.walDir()).doesNotExist();
        assertThat(r.stderr()).contains("paths.wal-dir-missing");
        List<String> out = r.stdoutLines();
        assertThat(out.get(1)).contains("app db");
        JsonNode shown = SessionIT.json(out.get(2));
        assertThat(shown.get("detail").asText()).contains("influxd backup folder: meta.00").contains("not yet in the ledger");
        assertThat(shown.get("verified").asBoolean()).isFalse();
        out = out.subList(1, out.size()); // the lines below keep their numbers
        JsonNode verified = SessionIT.json(out.get(2));
        assertThat(verified.get("verified").asBoolean()).isTrue();
        assertThat(verified.get("manifestSha256").asText()).hasSize(64);
        JsonNode restored = SessionIT.json(out.get(3));
        assertThat(restored.get("differences")).isEmpty();
        assertThat(restored.at("/imported/id").asText()).startsWith("metastore-");
        assertThat(SessionIT.json(out.get(4)).get("backups")).hasSize(2);
        server.start(fresh);
        assertThat(server.query("SHOW DATABASES")).contains("app db");
        assertThat(server.query("SHOW USERS")).contains("u 1");
        server.stop();
    }
}
