package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTest {

    @TempDir
    Path tmp;
    Workspace ws;
    Path meta;
    final List<String> running = new ArrayList<>();
    String installed = "1.4.3";
    final ServiceProbe probe = () -> List.copyOf(running);

    @BeforeEach
    void setUp() throws Exception {
        meta = Files.createDirectories(tmp.resolve("meta"));
        Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(tmp.resolve("wal"));
        Files.createDirectories(tmp.resolve("root/run/systemd/system"));
        ws = new Workspace(tmp.resolve("home"), Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private UpgradeSession session(String from) {
        return new SessionNewCommand().run(ws, new SessionNewCommand.Request("s", InfluxVersion.parse(from), InfluxVersion.V1_4, null, meta,
                tmp.resolve("data"), tmp.resolve("wal"), null, null, null));
    }

    private DoneStepCommand done() {
        return new DoneStepCommand(probe, () -> Optional.of(new VersionDetector.BinaryVersion("/usr/bin/influxd", installed, "InfluxDB v" + installed)),
                new PlanCommand(tmp.resolve("root")));
    }

    @Test
    void raftEraPathExportsBeforeStopAndRestoresBeforeStart() {
        session("0.11.1");
        List<String> ids = new PlanCommand(tmp.resolve("root")).run(ws).steps().stream().map(PlanReport.Item::id).toList();
        assertThat(ids).containsExactly("preflight", "backup-meta-dir", "backup-metastore", "verify-baseline", "stop-service",
                "install-binary", "restore-metastore", "perms-fix", "config-migrate", "start-service", "verify-compare");
        PlanReport r = new PlanCommand(tmp.resolve("root")).run(ws);
        assertThat(r.initSystem()).isEqualTo("systemd");
        assertThat(r.steps().get(4).command()).isEqualTo("sudo systemctl stop influxdb");
        assertThat(r.next()).isEqualTo("preflight");
        assertThat(r.progress()).isEqualTo("0/11");
    }

    @Test
    void metaDbPathHasNoMetastoreStepsAndEndsWithTheReview() {
        session("1.3");
        List<String> ids = new PlanCommand(tmp.resolve("root")).run(ws).steps().stream().map(PlanReport.Item::id).toList();
        assertThat(ids).doesNotContain("backup-metastore", "restore-metastore").endsWith("verify-compare", "review-changes");
        assertThat(new PlanCommand(tmp.resolve("nothing")).run(ws).initSystem()).isEqualTo("sysv");
    }

    @Test
    void operatorStepsAreRefusedOutOfOrderAndShellStepsCannotBeConfirmedByHand() {
        session("0.11.1");
        assertThatThrownBy(() -> done().run(ws, new DoneStepCommand.Request("stop-service", null, false)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY))
                .hasMessageContaining("step 'preflight'");
        assertThatThrownBy(() -> done().run(ws, new DoneStepCommand.Request("backup-metastore", null, true)))
                .hasMessageContaining("done by the shell command 'backup metastore --via influxd'");
        assertThatThrownBy(() -> done().run(ws, new DoneStepCommand.Request("reboot", null, true)))
                .hasMessageContaining("not a step of this plan");
    }

    @Test
    void stopServiceIsCheckedAgainstTheMachine() {
        UpgradeSession s = session("0.11.1");
        for (String id : List.of("preflight", "backup-meta-dir", "backup-metastore", "verify-baseline")) {
            s.markStep(new UpgradeSession.StepRecord(id, Instant.EPOCH, "test", null));
        }
        running.add("influxd process 42");
        assertThatThrownBy(() -> done().run(ws, new DoneStepCommand.Request("stop-service", null, false)))
                .hasMessageContaining("influxd still runs (influxd process 42)");
        running.clear();
        DoneStepCommand.Confirmed c = done().run(ws, new DoneStepCommand.Request("stop-service", "stopped", false));
        assertThat(c.next()).isEqualTo("install-binary");
        assertThat(s.stepDone("stop-service")).isTrue();

        installed = "0.11.1";
        assertThatThrownBy(() -> done().run(ws, new DoneStepCommand.Request("install-binary", null, false)))
                .hasMessageContaining("is 0.11.1, not 1.4");
        installed = "1.4.3";
        assertThat(done().run(ws, new DoneStepCommand.Request("install-binary", null, false)).next()).isEqualTo("restore-metastore");
    }

    @Test
    void startIsRefusedWhileRaftDbIsThere() throws Exception {
        session("0.11.1");
        Files.writeString(meta.resolve("raft.db"), "");
        running.add("port 8086 answers");
        assertThatThrownBy(() -> done().run(ws, new DoneStepCommand.Request("start-service", null, true)))
                .hasMessageContaining("raft.db is still there").hasMessageContaining("restore metastore");
        Files.delete(meta.resolve("raft.db"));
        assertThat(done().run(ws, new DoneStepCommand.Request("start-service", null, true)).checked()).contains("8086");
    }
}
