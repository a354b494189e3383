package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.testing.WorkspaceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanTest extends WorkspaceTestBase {

    final List<String> running = new ArrayList<>();
    String installed = "1.4.3";
    final ServiceProbe probe = () -> List.copyOf(running);

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(tmp.resolve("root/run/systemd/system"));
    }

    private UpgradeSession session(String from) {
        return newSession("s", from, InfluxVersion.V1_4, null, null);
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
        Files.writeString(dirs.meta().resolve("raft.db"), "");
        running.add("port 8086 answers");
        assertThatThrownBy(() -> done().run(ws, new DoneStepCommand.Request("start-service", null, true)))
                .hasMessageContaining("raft.db is still there").hasMessageContaining("restore metastore");
        Files.delete(dirs.meta().resolve("raft.db"));
        assertThat(done().run(ws, new DoneStepCommand.Request("start-service", null, true)).checked()).contains("8086");
    }
}
