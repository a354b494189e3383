package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.check.CheckReport;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.session.SessionSetCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.testing.WorkspaceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Targets beyond 1.4: the route through its hops, the TSI and portable-backup steps, from 0.11 and from 1.3 (issue 18). */
class PlanTargetsTest extends WorkspaceTestBase {

    @Override
    protected Instant now() {
        return Instant.parse("2026-12-07T06:00:00Z");
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(tmp.resolve("root/run/systemd/system"));
    }

    private UpgradeSession session(String from, String to) {
        return newSession("s", from, InfluxVersion.parse(to), null, null);
    }

    private PlanReport plan() {
        return new PlanCommand(tmp.resolve("root")).run(ws);
    }

    /** The plan of a new session from {@code from} to {@code to}. */
    private PlanReport plan(String from, String to) {
        session(from, to);
        return plan();
    }

    private static List<String> ids(PlanReport p) {
        return p.steps().stream().map(PlanReport.Item::id).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.6", "1.7", "1.8"})
    void from011TheMetastorePassesThe14PathThenTheTargetIndexesWithTsi1(String to) {
        PlanReport p = plan("0.11.1", to);
        assertThat(ids(p)).containsExactly("preflight", "backup-meta-dir", "backup-metastore", "verify-baseline", "stop-service",
                "install-binary", "restore-metastore", "perms-fix", "config-migrate", "tsi-convert", "start-service", "verify-compare",
                "backup-portable", "review-changes");
        assertThat(p.upgradePath()).isEqualTo("0.11 → 1.4 (metastore) → " + to);
        assertThat(p.route().hops()).hasSize(2);
        assertThat(p.route().hops().get(0).to()).isEqualTo("1.4");
        assertThat(p.route().hops().get(0).why()).contains("raft.db").contains("deprecated");
        assertThat(p.route().hops().get(1).why()).contains("no 1.4 binary is installed");
        PlanReport.Item restore = p.steps().get(6);
        assertThat(restore.why()).contains("deprecated from 1.5").contains("only reader of a 0.10/0.11 meta.00");
        PlanReport.Item tsi = p.steps().get(9);
        assertThat(tsi.command()).isEqualTo("tsi convert");
        assertThat(tsi.title()).contains("influxdb");
        assertThat(tsi.why()).contains("buildtsi").contains("root-owned").contains("removed first");
        assertThat(p.steps().get(5).title()).isEqualTo("Install InfluxDB " + to + " but do not start it");
        assertThat(p.progress()).isEqualTo("0/14");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.6", "1.7", "1.8"})
    void from13OneHopWithTsiAndAFirstPortableBackupAfterTheSwitch(String to) {
        PlanReport p = plan("1.3", to);
        assertThat(ids(p)).containsExactly("preflight", "backup-meta-dir", "verify-baseline", "stop-service", "install-binary",
                "config-migrate", "tsi-convert", "start-service", "verify-compare", "backup-portable", "review-changes");
        assertThat(p.upgradePath()).isEqualTo("1.3 → " + to);
        assertThat(p.route().hops()).singleElement().satisfies(h -> {
            assertThat(h.does()).contains("1.3/1.4 flat tsi1 indexes removed first");
            assertThat(h.why()).startsWith("one hop");
        });
        assertThat(p.steps().get(9).title()).isEqualTo("First portable backup with the new server");
        assertThat(p.steps().get(10).why()).contains("1.5 logging format");
    }

    @Test
    void fromA15PlusSourceThePortableBackupIsTakenWhileTheOldServerRuns() {
        PlanReport p = plan("1.6.7", "1.8");
        List<String> ids = ids(p);
        assertThat(ids.indexOf("backup-portable")).isLessThan(ids.indexOf("stop-service"));
        assertThat(ids).containsOnlyOnce("backup-portable");
        assertThat(p.route().hops().get(0).does()).contains("partitioned tsi1 indexes kept").contains("portable backup before the switch");
    }

    @Test
    void a14TargetKeepsTheDocumentsPlanAndHasNoRoute() {
        PlanReport p = plan("0.11.1", "1.4");
        assertThat(ids(p)).doesNotContain("tsi-convert", "backup-portable", "review-changes");
        assertThat(p.route()).isNull();
        assertThat(p.upgradePath()).isEqualTo("0.10/0.11 → 1.4");
        assertThat(p.steps().get(6).why()).doesNotContain("deprecated");
    }

    @Test
    void indexInmemDropsTheTsiStepAndTsi1IsRefusedFor14() {
        session("1.3", "1.8");
        new SessionSetCommand().run(ws, new SessionSetCommand.Request("index", "inmem"));
        assertThat(ids(plan())).doesNotContain("tsi-convert").contains("backup-portable");
        // the route says the same as the steps (found by RealReleasesIT: it still promised a tsi1 build)
        assertThat(plan().route().hops()).singleElement().satisfies(h -> assertThat(h.does()).doesNotContain("tsi1"));
        assertThatThrownBy(() -> new SessionSetCommand().run(ws, new SessionSetCommand.Request("index", "tsi2")))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("tsi1 or inmem");
        new SessionSetCommand().run(ws, new SessionSetCommand.Request("to", "1.4"));
        assertThat(ws.session().index()).isEqualTo("inmem");
        assertThatThrownBy(() -> new SessionSetCommand().run(ws, new SessionSetCommand.Request("index", "tsi1")))
                .hasMessageContaining("needs a 1.5+ target");
    }

    @Test
    void tsiFindingsAreFixedByTheConvertStepUntilItIsDone() {
        UpgradeSession s = session("1.3", "1.8");
        List<PlanStep> steps = new PlanCommand(tmp.resolve("root")).steps(s);
        CheckReport raw = CheckReport.of(1, List.of(Finding.error("tsi.flat-index", "shard 3 has a flat-1.3 tsi1 index", "tsi convert"),
                Finding.error("shard.tsi-rebuild-needed", "shard 3", null), Finding.warning("tsi.mixed-index", "db mixes", null)));
        CheckReport in = PlanPreflight.inPlan(raw, s, steps);
        assertThat(in.failed()).isFalse();
        assertThat(in.findings()).allSatisfy(f -> assertThat(f.message()).startsWith("fixed by step 7 (Build tsi1 indexes as influxdb)"));
        s.markStep(new UpgradeSession.StepRecord("tsi-convert", Instant.EPOCH, "tsi convert", null));
        assertThat(PlanPreflight.inPlan(raw, s, steps).failed()).isTrue();
    }
}
