package io.influxupgrade.commands.recover;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.testing.WorkspaceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoverCommandTest extends WorkspaceTestBase {

    @BeforeEach
    void setUp() {
        s = newSession("r", "0.11.1", null, null, System.getProperty("user.name"));
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
        s.addBackup(new BackupRecord("m1", BackupKind.parse("metastore"), "/b/m1", ws.now(), 1, 1, true, null, "influxd", null, null));
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
        s.addBackup(new BackupRecord("old", BackupKind.parse("meta-dir"), "/b/1", Instant.parse("2026-11-25T08:00:00Z"), 1, 1, true, null, null, null, null));
        s.addBackup(new BackupRecord("new", BackupKind.parse("meta-dir"), "/b/2", Instant.parse("2026-11-25T09:00:00Z"), 1, 1, true, null, null, null, null));
        s.addBackup(new BackupRecord("bad", BackupKind.parse("meta-dir"), "/b/3", Instant.parse("2026-11-25T09:30:00Z"), 1, 1, false, null, null, null, null));
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

    /** Issue 15 item 3: recover picked one playbook (permission denied) and never reported raft.db. */
    @Test
    void everyMatchingPlaybookIsListedRaftDbBeforePermissions() throws Exception {
        Files.writeString(tmp.resolve("meta/raft.db"), "x");
        s.setServiceUser("root".equals(System.getProperty("user.name")) ? "nobody" : "root"); // the meta dir is someone else's
        RecoverCommand withNewBinary = new RecoverCommand(tmp, x -> List.of("telegraf/autogen/5 (b1)"),
                () -> java.util.Optional.of(io.influxupgrade.commands.InfluxVersion.parse("1.4.3")));
        RecoverCommand.Recovery r = withNewBinary.run(ws, null);
        assertThat(r.matches()).extracting(RecoverCommand.Match::playbook)
                .containsExactly("raft-db-detected", "permission-denied", "shards-missing");
        assertThat(r.matches()).extracting(RecoverCommand.Match::rank).isSorted();
        assertThat(r.detected()).isEqualTo("raft-db-detected");
        assertThat(r.matches().get(0).evidence()).singleElement().asString().contains("raft.db").contains("1.4.3");
        assertThat(r.matches().get(1).command()).isEqualTo("recover permission-denied --run");
        // with the old 0.11 binary still installed, raft.db is just the metastore: not a match
        RecoverCommand withOldBinary = new RecoverCommand(tmp, x -> List.of(),
                () -> java.util.Optional.of(io.influxupgrade.commands.InfluxVersion.parse("0.11.1")));
        assertThat(withOldBinary.run(ws, null).matches()).extracting(RecoverCommand.Match::playbook).doesNotContain("raft-db-detected");
    }

    @Test
    void influxdsStartUpErrorsInALogAreEvidenceQuotedWithTheirLine() throws Exception {
        Path log = tmp.resolve("influxd.log");
        Files.writeString(log, String.join("\n",
                "[I] 2026-12-01T10:00:00Z InfluxDB starting, version 1.4.3",
                "run: create server: detected " + tmp.resolve("meta") + "/raft.db. To proceed, you'll need to either 1) downgrade to v0.11.x, "
                        + "export your metadata, upgrade to the current version again, and then import the metadata or 2) delete the file",
                "[I] Failed to open shard: 5: unknown engine format",
                "[E] open " + tmp.resolve("meta") + "/meta.db: permission denied",
                "[httpd] 127.0.0.1 - admin [01/Dec/2026] \"GET /query?q=CREATE+USER+x+WITH+PASSWORD+%27hunter2%27 HTTP/1.1\" 200"));
        RecoverCommand.Recovery r = cmd(List.of()).run(ws, null, log);
        assertThat(r.matches()).extracting(RecoverCommand.Match::playbook)
                .containsExactly("raft-db-detected", "permission-denied", "shards-missing");
        assertThat(r.matches().get(0).evidence()).singleElement().asString().startsWith("influxd.log:2: \"run: create server: detected");
        assertThat(r.matches().get(2).evidence()).singleElement().asString().startsWith("influxd.log:3:");
        assertThat(r.evidence()).doesNotContain("hunter2");
        assertThatThrownBy(() -> cmd(List.of()).run(ws, null, tmp.resolve("no-such.log")))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("no such file");
    }

    @Test
    void aNamedPlaybookWithoutEvidenceSaysSo() {
        RecoverCommand.Recovery r = cmd(List.of()).run(ws, "permission-denied");
        assertThat(r.evidence()).contains("no evidence of it was found");
    }
}
