package io.influxupgrade.commands.report;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.check.CheckContext;
import io.influxupgrade.commands.check.Checks;
import io.influxupgrade.commands.check.TsiChecks;
import io.influxupgrade.commands.plan.PlanCommand;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
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

/** The report of a 1.5+ target: the route, the series indexes and what is new in every release on the way (issue 18). */
class ReportTargetsTest {

    @TempDir
    Path tmp;

    String report(String from, String to) throws Exception {
        for (String d : List.of("meta", "data/db1/autogen/1", "wal")) {
            Files.createDirectories(tmp.resolve(d));
        }
        Path home = tmp.resolve("home-" + from + "-" + to);
        try (Workspace ws = new Workspace(home, Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC))) {
            UpgradeSession s = new SessionNewCommand().run(ws, new SessionNewCommand.Request("r", InfluxVersion.parse(from), InfluxVersion.parse(to), null,
                    tmp.resolve("meta"), tmp.resolve("data"), tmp.resolve("wal"), null, null, null));
            CheckContext ctx = new CheckContext(s, ws.backupRoot(), Optional::empty, () -> List.of());
            List<io.influxupgrade.commands.check.Check> checks = new ArrayList<>(Checks.basic());
            checks.addAll(TsiChecks.all());
            Path out = home.resolve("report.md");
            UpgradeReport r = new ReportCommand(checks, ctx, new PlanCommand(tmp)).run(ws, new ReportCommand.Request(out, ReportCommand.Format.MD, false));
            assertThat(Json.line(r)).contains("\"route\"");
            return Files.readString(out);
        }
    }

    @Test
    void from13To18EveryReleaseFrom14On() throws Exception {
        String md = report("1.3", "1.8");
        assertThat(md).contains("## Route").contains("| 1.3 → 1.8 |").contains("## Series indexes (target index tsi1)")
                .contains("## What is new on the way to 1.8").contains("### 1.4").contains("### 1.5").contains("### 1.8")
                .contains("portable").doesNotContain("What is new in 1.4 (compared with 1.3)");
        assertThat(md.indexOf("### 1.5")).isLessThan(md.indexOf("### 1.6"));
    }

    @Test
    void from16To18OnlyWhatCameAfter16() throws Exception {
        String md = report("1.6.7", "1.8");
        assertThat(md).contains("### 1.7").contains("### 1.8").doesNotContain("### 1.4").doesNotContain("### 1.5").doesNotContain("### 1.6");
    }

    @Test
    void from011TheRouteHasTheMetastoreHop() throws Exception {
        String md = report("0.11.1", "1.7");
        assertThat(md).contains("| 0.11 → 1.4 |").contains("| 1.4 → 1.7 |").contains("raft.db");
    }
}
