package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.check.CheckContext;
import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.check.Checks;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.check.PreflightCheckCommand;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.testing.WorkspaceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20 item 2: on a normal 0.11 install the plan's own preflight blocked on what later steps of the same plan
 * fix (raft.db, a meta dir not owned by the service user, a [collectd]/[opentsdb] table), so the preflight never
 * completed and 'done stop-service' was refused.
 */
class PlanPreflightTest extends WorkspaceTestBase {

    @BeforeEach
    void setUp() throws Exception {
        MetaStoreWriter.writeRaftSnapshot(dirs.meta(), MetaData.of(2, 10, 7, 0, 0, List.of(), List.of()), 2, 10, 1_700_000_000_000L,
                List.of("127.0.0.1:8088"));
        MetaStoreWriter.writeRaftDb(dirs.meta(), List.of(), 2);
        Files.createDirectories(tmp.resolve("root/run/systemd/system"));
        Path conf = tmp.resolve("influxdb.conf");
        Files.writeString(conf, String.join("\n", dirs.configLines()) + "\n[collectd]\n  enabled = false\n  bind-address = \":25826\"\n");
        s = newSession("s", "0.11.1", InfluxVersion.V1_4, conf, null);
        // the meta dir belongs to us; a service user that is someone else makes the owner finding an ERROR
        s.setServiceUser("root".equals(System.getProperty("user.name")) ? "nobody" : "root");
    }

    private CheckReport raw() {
        CheckContext ctx = new CheckContext(s, tmp.resolve("backups"), Optional::empty, ServiceProbe.STOPPED);
        return new PreflightCheckCommand(Checks.basic()).run(ctx, new PreflightCheckCommand.Request(Set.of(),
                Set.of("service.running", "binary.version-mismatch", "disk.backup-space")));
    }

    private List<PlanStep> steps() {
        return new PlanCommand(tmp.resolve("root")).steps(s);
    }

    private static List<String> ids(CheckReport r, Finding.Severity severity) {
        return r.findings().stream().filter(f -> f.severity() == severity).map(Finding::id).toList();
    }

    @Test
    void findingsThatLaterStepsFixAreNoticesNamingTheStepAndDoNotBlock() {
        CheckReport raw = raw();
        assertThat(ids(raw, Finding.Severity.ERROR)).contains("meta.raft-db-present", "perms.meta-db-owner", "config.blocks-start");
        assertThat(raw.failed()).isTrue();

        CheckReport inPlan = PlanPreflight.inPlan(raw, s, steps());
        assertThat(inPlan.failed()).as(inPlan.findings().toString()).isFalse();
        List<PlanStep> steps = steps();
        for (String[] fixedBy : List.of(new String[] {"meta.raft-db-present", "restore-metastore"},
                new String[] {"perms.meta-db-owner", "perms-fix"}, new String[] {"config.blocks-start", "config-migrate"})) {
            int n = 1 + steps.indexOf(steps.stream().filter(p -> p.id().equals(fixedBy[1])).findFirst().orElseThrow());
            assertThat(inPlan.findings()).filteredOn(f -> f.id().equals(fixedBy[0])).isNotEmpty()
                    .allSatisfy(f -> {
                        assertThat(f.severity()).isEqualTo(Finding.Severity.NOTICE);
                        assertThat(f.message()).startsWith("fixed by step " + n + " (");
                    });
        }
    }

    @Test
    void theCheckedPreflightLetsTheOperatorStepsBeConfirmed() {
        CheckReport inPlan = PlanPreflight.inPlan(raw(), s, steps());
        assertThat(inPlan.failed()).isFalse();
        // what the shell does when 'check' succeeds, then the steps up to stop-service
        for (String id : List.of("preflight", "backup-meta-dir", "backup-metastore", "verify-baseline")) {
            s.markStep(new UpgradeSession.StepRecord(id, Instant.parse("2026-11-25T10:00:00Z"), "test", null));
        }
        DoneStepCommand done = new DoneStepCommand(ServiceProbe.STOPPED, Optional::empty, new PlanCommand(tmp.resolve("root")));
        DoneStepCommand.Confirmed c = done.run(ws, new DoneStepCommand.Request("stop-service", null, false));
        assertThat(c.step()).isEqualTo("stop-service");
    }

    @Test
    void aFindingNothingInThePlanFixesStillBlocks() throws Exception {
        Files.writeString(Path.of(s.getConfigFile()), "[meta\n  dir = broken\n");
        CheckReport inPlan = PlanPreflight.inPlan(raw(), s, steps());
        assertThat(inPlan.failed()).isTrue();
        assertThat(ids(inPlan, Finding.Severity.ERROR)).containsExactly("config.unreadable");
    }

    @Test
    void onceTheFixingStepIsDoneTheFindingBlocksAgain() {
        s.markStep(new UpgradeSession.StepRecord("perms-fix", Instant.parse("2026-11-25T10:00:00Z"), "test", null));
        CheckReport inPlan = PlanPreflight.inPlan(raw(), s, steps());
        assertThat(ids(inPlan, Finding.Severity.ERROR)).contains("perms.meta-db-owner")
                .doesNotContain("meta.raft-db-present", "config.blocks-start");
    }
}
