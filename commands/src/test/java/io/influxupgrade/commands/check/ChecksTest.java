package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.UpgradeSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChecksTest {

    @TempDir
    Path tmp;

    private CheckContext context(UpgradeSession s, io.influxupgrade.commands.backup.ServiceProbe probe) {
        return new CheckContext(s, tmp.resolve("backups"), Optional::empty, probe);
    }

    private UpgradeSession session(String from) throws Exception {
        UpgradeSession s = new UpgradeSession("t", Instant.EPOCH);
        s.setFromVersion(from);
        s.setMetaDir(Files.createDirectories(tmp.resolve("meta")).toString());
        s.setServiceUser(System.getProperty("user.name"));
        return s;
    }

    private CheckReport run(UpgradeSession s, String... include) {
        return new PreflightCheckCommand(Checks.basic()).run(context(s, () -> List.of()),
                new PreflightCheckCommand.Request(Set.of(include), Set.of()));
    }

    @Test
    void raftDbIsAnErrorThatWarnsAgainstDeletingIt() throws Exception {
        UpgradeSession s = session("0.11.1");
        assertThat(run(s, "meta.raft-db-present").findings()).isEmpty();
        // a real raft log store (BoltDB), as 0.11 leaves it
        io.influxupgrade.commands.meta.MetaStoreWriter.writeRaftDb(Path.of(s.getMetaDir()), List.of(), 2);
        CheckReport r = run(s, "meta.raft-db-present");
        assertThat(r.failed()).isTrue();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.fix()).contains("backup metastore").contains("deleting raft.db instead wipes");
        });
    }

    /** Issue 15 item 3: a corrupt raft.db beside a good snapshot is an error of its own, not a warning. */
    @Test
    void aCorruptRaftDbBesideAGoodSnapshotIsAnError() throws Exception {
        UpgradeSession s = session("0.11.1");
        Path meta = Path.of(s.getMetaDir());
        io.influxupgrade.commands.meta.MetaStoreWriter.writeRaftSnapshot(meta,
                io.influxupgrade.commands.meta.MetaData.of(2, 10, 7, 0, 0, List.of(), List.of()), 2, 10, 1_700_000_000_000L,
                List.of("127.0.0.1:8088"));
        io.influxupgrade.commands.meta.MetaStoreWriter.writeRaftDb(meta, List.of(), 2);
        assertThat(run(s, "meta.raft-db-present").findings()).extracting(Finding::id).containsExactly("meta.raft-db-present");
        byte[] b = Files.readAllBytes(meta.resolve("raft.db"));
        Files.write(meta.resolve("raft.db"), java.util.Arrays.copyOf(b, 100)); // truncated inside the first meta page
        CheckReport r = run(s, "meta.raft-db-present");
        assertThat(r.findings()).filteredOn(f -> f.id().equals("meta.raft-db-corrupt")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.message()).contains("raft.db").contains("snapshot is there");
        });
    }

    @Test
    void configThatBlocksStartIsAnErrorWithItsLine() throws Exception {
        UpgradeSession s = session("0.11.1");
        Path conf = plainOpentsdbConfig(s);
        CheckReport r = run(s, "config.blocks-start");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.message()).contains(conf + ":6").contains("opentsdb");
        });
    }

    /** Sets as the session's config an old file whose plain [opentsdb] table (line 6) 1.4 refuses; returns its path. */
    private Path plainOpentsdbConfig(UpgradeSession s) throws Exception {
        Path conf = tmp.resolve("influxdb.conf");
        Files.writeString(conf, "[meta]\n  dir = \"/m\"\n[data]\n  dir = \"/d\"\n  wal-dir = \"/w\"\n[opentsdb]\n  enabled = true\n");
        s.setConfigFile(conf.toString());
        return conf;
    }

    /**
     * Found by the run with real 0.11.1 (its own config has plain [collectd] and [opentsdb] tables): once 'config
     * migrate' wrote the target's file, that file is what 1.4 starts with, so it is the one checked.
     */
    @Test
    void afterConfigMigrateTheMigratedFileIsCheckedNotTheOldOne() throws Exception {
        UpgradeSession s = session("0.11.1");
        Path conf = plainOpentsdbConfig(s);
        Path migrated = tmp.resolve("influxdb-1.4.conf");
        Files.writeString(migrated, "[meta]\n  dir = \"/m\"\n[data]\n  dir = \"/d\"\n  wal-dir = \"/w\"\n[[opentsdb]]\n  enabled = true\n");
        s.setMigratedConfig(migrated.toString());
        // the file is recorded, but until the step is done the old config is what the plan has
        assertThat(run(s, "config.blocks-start").findings()).singleElement().satisfies(f -> assertThat(f.message()).contains(conf + ":6"));
        s.markStep(new UpgradeSession.StepRecord("config-migrate", Instant.EPOCH, "config migrate --out " + migrated, null));
        assertThat(run(s, "config.blocks-start").findings()).isEmpty();
        // a migrated file edited back into a blocker is caught, and named
        Files.writeString(migrated, "[meta]\n  dir = \"/m\"\n[data]\n  dir = \"/d\"\n  wal-dir = \"/w\"\n[opentsdb]\n  enabled = true\n");
        assertThat(run(s, "config.blocks-start").findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.message()).contains(migrated + ":6").contains("the migrated config");
        });
    }

    @Test
    void backupWarningGoesAwayWithAVerifiedMetaDirBackup() throws Exception {
        UpgradeSession s = session("1.3");
        assertThat(run(s, "backup.none-recorded").findings()).extracting(Finding::severity).containsExactly(Finding.Severity.WARNING);
        s.addBackup(new BackupRecord("b", BackupKind.parse("meta-dir"), "/b", Instant.EPOCH, 1, 1, false, null, null, null, null));
        assertThat(run(s, "backup.none-recorded").findings()).hasSize(1);
        s.addBackup(new BackupRecord("b", BackupKind.parse("meta-dir"), "/b", Instant.EPOCH, 1, 1, true, null, null, null, null));
        assertThat(run(s, "backup.none-recorded").findings()).isEmpty();
    }

    @Test
    void ownerOfMetaDbMustBeTheServiceUser() throws Exception {
        UpgradeSession s = session("1.3");
        Files.writeString(Path.of(s.getMetaDir()).resolve("meta.db"), "");
        assertThat(run(s, "perms.meta-db-owner").findings()).isEmpty();
        s.setServiceUser("nobody");
        assertThat(run(s, "perms.meta-db-owner").findings()).hasSize(2)
                .allSatisfy(f -> assertThat(f.message()).contains("not the service user nobody"));
        s.setServiceUser("no-such-user-here");
        assertThat(run(s, "perms.meta-db-owner").findings()).extracting(Finding::severity).containsExactly(Finding.Severity.NOTICE);
    }

    @Test
    void unknownIdsAreUsageErrorsAndExcludeWorks() throws Exception {
        UpgradeSession s = session("1.3");
        assertThatThrownBy(() -> run(s, "meta.nope")).hasMessageContaining("unknown check id 'meta.nope'");
        CheckReport all = new PreflightCheckCommand(Checks.basic()).run(context(s, () -> List.of("influxd process 1")),
                new PreflightCheckCommand.Request(Set.of(), Set.of("service.running")));
        assertThat(all.findings()).noneMatch(f -> f.id().equals("service.running"));
        assertThat(all.summary().checks()).isEqualTo(Checks.basic().size() - 1);
    }
}
