package io.influxupgrade.commands.recover;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoverCommandTest {

    @TempDir
    Path tmp;
    Workspace ws;
    UpgradeSession s;

    @BeforeEach
    void setUp() throws Exception {
        for (String d : List.of("meta", "data", "wal")) {
            Files.createDirectories(tmp.resolve(d));
        }
        ws = new Workspace(tmp.resolve("home"), Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
        s = new SessionNewCommand().run(ws, new SessionNewCommand.Request("r", "0.11.1", null, null, tmp.resolve("meta"),
                tmp.resolve("data"), tmp.resolve("wal"), System.getProperty("user.name"), null, null));
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private RecoverCommand cmd(List<String> badShards) {
        return new RecoverCommand(tmp, x -> badShards);
    }

    @Test
    void nothingToRecoverOnAHealthySession() {
        assertThat(cmd(List.of()).run(ws, null).playbook()).isNull();
    }

    @Test
    void raftDbAfterTheOldServiceStoppedUsesTheRecordedExport() throws Exception {
        Files.writeString(tmp.resolve("meta/raft.db"), "x");
        assertThat(cmd(List.of()).run(ws, null).playbook()).as("raft.db is normal before the switch").isNull();
        s.markStep(new UpgradeSession.StepRecord("stop-service", ws.now(), "done stop-service", null));
        s.addBackup(new UpgradeSession.BackupRecord("m1", "metastore", "/b/m1", ws.now(), 1, 1, true, null, "influxd", null));
        RecoverCommand.Recovery r = cmd(List.of()).run(ws, null);
        assertThat(r.detected()).isEqualTo("raft-db-detected");
        assertThat(r.playbook().steps()).extracting(Playbook.Step::command).contains("restore metastore --from m1", "perms fix", "verify compare");
    }

    @Test
    void raftDbWithoutExportOffersTheNativeReplayedExport() {
        RecoverCommand.Recovery r = cmd(List.of()).run(ws, "raft-db-detected");
        assertThat(r.playbook().steps()).anySatisfy(st -> {
            assertThat(st.command()).isEqualTo("backup metastore --via native");
            assertThat(st.title()).contains("log entry after it replayed");
        });
    }

    @Test
    void failedCompareLeadsToPuttingTheMetaDirBack() {
        ws.journal().append(ws.now(), "verify compare", 4, "database \"telegraf\" removed");
        assertThatThrownBy(() -> cmd(List.of()).run(ws, null)).hasMessageContaining("no verified meta-dir backup");
        s.addBackup(new UpgradeSession.BackupRecord("old", "meta-dir", "/b/1", Instant.parse("2026-11-25T08:00:00Z"), 1, 1, true, null, null, null));
        s.addBackup(new UpgradeSession.BackupRecord("new", "meta-dir", "/b/2", Instant.parse("2026-11-25T09:00:00Z"), 1, 1, true, null, null, null));
        s.addBackup(new UpgradeSession.BackupRecord("bad", "meta-dir", "/b/3", Instant.parse("2026-11-25T09:30:00Z"), 1, 1, false, null, null, null));
        RecoverCommand.Recovery r = cmd(List.of()).run(ws, null);
        assertThat(r.detected()).isEqualTo("metastore-missing");
        assertThat(r.evidence()).contains("telegraf");
        assertThat(r.playbook().steps()).extracting(Playbook.Step::command).contains("restore meta-dir --from new");
        assertThat(r.playbook().steps().get(0).probe()).isEqualTo(Playbook.Probe.STOPPED);
    }

    @Test
    void unreadableShardsAndUnknownPlaybooks() {
        RecoverCommand.Recovery r = cmd(List.of("db/rp/3 (b1)")).run(ws, null);
        assertThat(r.detected()).isEqualTo("shards-missing");
        assertThat(r.playbook().steps()).extracting(Playbook.Step::command).anyMatch(c -> c.startsWith("influx_tsm"));
        assertThatThrownBy(() -> cmd(List.of()).run(ws, "everything")).isInstanceOf(UpgradeException.class).hasMessageContaining("unknown playbook");
    }

    @Test
    void rootOwnedMetaDbIsPermissionDeniedOnlyForARealServiceUser() throws Exception {
        Files.writeString(tmp.resolve("meta/meta.db"), "");
        s.setServiceUser("no-such-user-on-this-box");
        assertThat(cmd(List.of()).run(ws, null).playbook()).isNull();
        s.setServiceUser("nobody");
        assertThat(cmd(List.of()).run(ws, null).detected()).isEqualTo("permission-denied");
    }
}
