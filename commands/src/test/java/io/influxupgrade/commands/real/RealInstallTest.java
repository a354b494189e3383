package io.influxupgrade.commands.real;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.backup.BackupMetastoreCommand;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.backup.Via;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.check.CheckContext;
import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.check.Checks;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.check.PreflightCheckCommand;
import io.influxupgrade.commands.check.ShardChecks;
import io.influxupgrade.commands.meta.LegacyBackupFormat;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.recover.RecoverCommand;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.influxupgrade.commands.real.RealFixtures.copy;
import static io.influxupgrade.commands.real.RealFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell's commands on installs that real releases left (test resources {@code real/}): the preflight on a real
 * 0.10.3 data dir with b1 and bz1 shards, recovery from the real 1.4.3 refusal of a raft.db, and our native export of
 * a real 0.11.1 raft dir against what the real {@code influxd backup} exported from the running server.
 */
class RealInstallTest {

    @TempDir
    Path tmp;

    private Workspace session(Path install, String from) {
        Workspace ws = new Workspace(tmp.resolve("home"), Clock.systemUTC());
        new SessionNewCommand().run(ws, new SessionNewCommand.Request("real", InfluxVersion.parse(from), InfluxVersion.V1_4, null, install.resolve("meta"),
                install.resolve("data"), install.resolve("wal"), System.getProperty("user.name"), null, tmp.resolve("backups")));
        return ws;
    }

    @Test
    void thePreflightNamesTheRealB1AndBz1ShardsThat14WouldSkip() {
        Path install = copy(set("0.10.3-engines").resolve("install"), tmp.resolve("install"));
        try (Workspace ws = session(install, "0.10.3")) {
            List<io.influxupgrade.commands.check.Check> checks = new ArrayList<>(Checks.basic());
            checks.addAll(ShardChecks.all());
            CheckReport r = new PreflightCheckCommand(checks).run(
                    new CheckContext(ws.session(), tmp.resolve("backups"), Optional::empty, ServiceProbe.STOPPED),
                    new PreflightCheckCommand.Request(Set.of("shard.non-tsm", "meta.raft-db-present"), Set.of()));
            assertThat(r.failed()).isTrue();
            List<Finding> nonTsm = r.findings().stream().filter(f -> f.id().equals("shard.non-tsm")).toList();
            assertThat(nonTsm).isNotEmpty().allSatisfy(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR));
            String text = nonTsm.toString();
            assertThat(text).contains("b1db").contains("bz1db").doesNotContain("tsmdb");
            assertThat(r.findings()).extracting(Finding::id).contains("meta.raft-db-present");
        }
    }

    @Test
    void theReal143RefusalOfARaftDbSelectsTheRaftDbPlaybook() throws Exception {
        Path install = copy(set("0.11.1-small").resolve("install"), tmp.resolve("install"));
        Path log = set("0.11.1-small").resolve("raft-db-start-1.4.3.log");
        assertThat(Files.readString(set("0.11.1-small").resolve("raft-db-start-1.4.3.exit")).trim()).isEqualTo("exit 1");
        try (Workspace ws = session(install, "0.11.1")) {
            RecoverCommand.Recovery r = new RecoverCommand(tmp, x -> List.of()).run(ws, null, log);
            assertThat(r.detected()).isEqualTo("raft-db-detected");
            assertThat(r.matches().get(0).evidence()).anySatisfy(e -> assertThat(e).contains("raft-db-start-1.4.3.log:1").contains("detected"));
        }
    }

    @Test
    void ourNativeExportOfTheReal011RaftDirEqualsTheRealInfluxdBackup() throws Exception {
        Path install = copy(set("0.11.1-small").resolve("install"), tmp.resolve("install"));
        BackupRecord rec = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(install.resolve("meta"), tmp.resolve("backups"),
                Via.NATIVE, null, null, InfluxVersion.parse("0.11.1"), false));
        Path ours = Path.of(rec.path()).resolve("files").resolve("meta.00");
        if (!Files.exists(ours)) {
            try (var s = Files.walk(Path.of(rec.path()))) {
                ours = s.filter(p -> p.getFileName().toString().equals("meta.00")).findFirst().orElseThrow();
            }
        }
        // the real server was backed up three times after its last change; the newest is what a restore uses
        Path real = set("0.11.1-small").resolve("backup/meta.02");
        MetaData oursData = MetaSources.read(ours).data();
        MetaData realData = MetaSources.read(real).data();
        assertThat(oursData).isEqualTo(realData);
        assertThat(LegacyBackupFormat.parse(Files.readAllBytes(ours), "ours").nodeBlob())
                .isEqualTo(LegacyBackupFormat.parse(Files.readAllBytes(real), "real").nodeBlob());
    }
}
