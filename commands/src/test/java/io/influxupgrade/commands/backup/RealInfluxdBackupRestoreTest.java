package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.config.ConfigFile;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.influxupgrade.commands.testing.InfluxdServer.ident;
import static io.influxupgrade.commands.testing.InfluxdServer.literal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real influxd: export with {@code influxd backup} (and {@code auto}), export natively from the stopped
 * server's meta dir, then restore the same legacy backup with {@code influxd restore -metadir} and natively into two
 * dirs: the two metastores are semantically equal and a real influxd started on each answers SHOW identically to
 * the original server.
 */
@RealInfluxd
class RealInfluxdBackupRestoreTest {

    static final List<String> DBS = List.of("telegraf", "my db", "quo\"te's");

    @TempDir
    Path tmp;

    static void fill(InfluxdServer s) {
        s.query("CREATE DATABASE telegraf");
        s.query("CREATE RETENTION POLICY two_weeks ON telegraf DURATION 14d REPLICATION 1 SHARD DURATION 1d");
        s.query("CREATE DATABASE " + ident("my db") + " WITH DURATION 30d SHARD DURATION 2d NAME " + ident("thirty days"));
        s.query("CREATE DATABASE " + ident("quo\"te's"));
        s.query("CREATE USER admin WITH PASSWORD 'secret-1' WITH ALL PRIVILEGES");
        s.query("CREATE USER " + ident("read er") + " WITH PASSWORD 'x'");
        s.query("GRANT READ ON telegraf TO " + ident("read er"));
        s.query("GRANT WRITE ON " + ident("my db") + " TO " + ident("read er"));
        s.query("CREATE CONTINUOUS QUERY cq1 ON telegraf BEGIN SELECT mean(v) INTO telegraf.two_weeks.m_mean FROM m GROUP BY time(1h) END");
        s.query("CREATE SUBSCRIPTION s1 ON telegraf.autogen DESTINATIONS ANY " + literal("http://127.0.0.1:9"));
        long now = Instant.now().getEpochSecond() * 1_000_000_000L;
        s.write("telegraf", null, "m,host=a v=1 " + now + "\nm,host=b v=2 " + (now - 86_400_000_000_000L * 3));
        s.write("my db", "thirty days", "x v=1 " + now);
    }

    static String show(InfluxdServer s) {
        List<String> out = new ArrayList<>();
        out.add(s.query("SHOW DATABASES"));
        out.add(s.query("SHOW USERS"));
        out.add(sortedValues(s.query("SHOW GRANTS FOR " + ident("read er")))); // Go map order: not stable between calls
        out.add(s.query("SHOW CONTINUOUS QUERIES"));
        out.add(s.query("SHOW SUBSCRIPTIONS"));
        out.add(s.query("SHOW SHARD GROUPS"));
        for (String db : DBS) {
            out.add(s.query("SHOW RETENTION POLICIES ON " + ident(db)));
        }
        return String.join("\n", out);
    }

    static String sortedValues(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = io.influxupgrade.commands.Json.mapper().readTree(json);
            List<String> rows = new ArrayList<>();
            n.path("results").path(0).path("series").path(0).path("values").forEach(v -> rows.add(v.toString()));
            rows.sort(null);
            return rows.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void influxdAndNativeExportsAndRestoresAgree(InfluxdServer server) throws Exception {
        fill(server);
        Path influxd = InfluxdServer.findInfluxd().orElseThrow();
        Path root = tmp.resolve("backups");
        MetastoreCodecPort codec = MetastoreCodecs.defaultCodec();
        InfluxVersion installed = new Influxd(influxd).version();

        BackupRecord viaInfluxd = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(server.metaDir(), root,
                Via.INFLUXD, influxd, server.bindAddress(), null, false));
        assertThat(viaInfluxd.verified()).isTrue();
        assertThat(viaInfluxd.via()).isEqualTo("influxd");
        assertThat(viaInfluxd.detail()).contains("backup").contains("-host " + server.bindAddress());
        assertThat(Files.getPosixFilePermissions(Path.of(viaInfluxd.path(), "files", "meta.00")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        BackupRecord auto = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(server.metaDir(), root,
                Via.AUTO, influxd, server.bindAddress(), installed, false));
        assertThat(auto.via()).isEqualTo("influxd");
        BackupRecord autoOther = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(server.metaDir(), root,
                Via.AUTO, influxd, server.bindAddress(), InfluxVersion.parse("0.11.1"), false));
        assertThat(autoOther.via()).isEqualTo("native");
        assertThat(autoOther.detail()).contains("not the old version 0.11.1");

        String liveShow = show(server);
        server.stop();

        BackupRecord nativeExport = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(server.metaDir(), root,
                Via.NATIVE, null, null, null, false));
        assertThat(codec.diff(codec.readLegacyBackup(Path.of(viaInfluxd.path(), "files", "meta.00")),
                codec.readLegacyBackup(Path.of(nativeExport.path(), "files", "meta.00")))).isEmpty();

        // the same legacy backup (influxd's own) restored by influxd and natively
        Path byInfluxd = tmp.resolve("restored-by-influxd");
        InfluxdServer.ProcessResult res = server.influxd("restore", "-metadir", byInfluxd.toString(),
                Path.of(viaInfluxd.path(), "files").toString());
        assertThat(res.exitCode()).as(res.output()).isZero();
        Path natively = tmp.resolve("restored-natively");
        RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(
                Path.of(viaInfluxd.path()), natively, Via.NATIVE, false, false, null, ServiceProbe.STOPPED, List.of(), tmp));
        assertThat(rep.failed()).as(rep.failureSummary()).isFalse();

        MetastoreImage a = codec.readMetaDb(byInfluxd.resolve("meta.db"));
        MetastoreImage b = codec.readMetaDb(natively.resolve("meta.db"));
        assertThat(codec.diff(a, b)).isEmpty();
        assertThat(b.index()).isEqualTo(a.index());
        assertThat(b.clusterId()).isEqualTo(a.clusterId());
        assertThat(Files.readString(natively.resolve("node.json"))).isEqualTo(Files.readString(byInfluxd.resolve("node.json")));
        System.out.println("meta.db byte-identical to influxd's: " + java.util.Arrays.equals(a.data(), b.data())
                + " (" + a.data().length + " vs " + b.data().length + " bytes)");

        // our influxd path through the command, too
        Path viaCommand = tmp.resolve("restored-via-command");
        RestoreMetastoreCommand.RestoreReport rep2 = new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(
                Path.of(viaInfluxd.path()), viaCommand, Via.INFLUXD, false, false, influxd, ServiceProbe.STOPPED, List.of(), tmp));
        assertThat(rep2.failed()).as(rep2.failureSummary()).isFalse();
        assertThat(rep2.detail()).contains("restore -metadir");

        server.start(natively);
        assertThat(show(server)).isEqualTo(liveShow);
        server.stop();
        server.start(byInfluxd);
        assertThat(show(server)).isEqualTo(liveShow);
        server.stop();
    }

    /** The real influxd stands in for the old server: its backup port is what the 0.11 config names in [meta]. */
    @Test
    void theBackupOfA011InstallGoesToTheMetaPortAndAutoSaysWhyItDidNotTakeInfluxd(InfluxdServer server) throws Exception {
        Path influxd = InfluxdServer.findInfluxd().orElseThrow();
        int closed = BackupAddressTest.closedPort();
        ConfigFile c = BackupAddressTest.config(tmp, "127.0.0.1:" + closed, server.bindAddress());
        BackupAddress a = BackupAddress.of(c, InfluxVersion.parse("0.11.1"), null);
        assertThat(a.hostPort()).isEqualTo(server.bindAddress());

        BackupRecord made = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(server.metaDir(),
                tmp.resolve("backups"), Via.INFLUXD, influxd, a.hostPort(), InfluxVersion.parse("0.11.1"), false, a.origin()));
        assertThat(made.verified()).isTrue();
        assertThat(made.detail()).contains("-host " + server.bindAddress());

        // auto with a backup port that refuses: native, and the record says which address refused and why
        InfluxVersion installed = new Influxd(influxd).version();
        BackupAddress wrong = BackupAddress.of(BackupAddressTest.config(tmp, "127.0.0.1:" + closed, null), installed, null);
        BackupRecord auto = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(server.metaDir(),
                tmp.resolve("backups"), Via.AUTO, influxd, wrong.hostPort(), installed, false, wrong.origin()));
        assertThat(auto.via()).isEqualTo("native");
        assertThat(auto.detail()).contains("influxd route not taken").contains("127.0.0.1:" + closed)
                .contains("top-level bind-address of the config");
    }

    @Test
    void restoreRefusesWhileTheRealServerRuns(InfluxdServer server) throws Exception {
        fill(server);
        Path root = tmp.resolve("backups");
        BackupRecord mb = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(server.metaDir(), root,
                Via.INFLUXD, InfluxdServer.findInfluxd().orElseThrow(), server.bindAddress(), null, false));
        ServiceProbe probe = ServiceProbe.system(null, List.of(server.bindAddress()));
        assertThat(probe.evidence()).anyMatch(e -> e.contains(server.bindAddress()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(
                Path.of(mb.path()), server.metaDir(), Via.NATIVE, false, false, null, probe, List.of(), tmp)))
                .hasMessageContaining("still runs");
    }
}
