package io.influxupgrade.commands.report;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.check.CheckContext;
import io.influxupgrade.commands.check.Checks;
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
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportTest {

    @TempDir
    Path tmp;

    @Test
    void reportHasBackupsWithChecksumsStepsJournalAndWhatIsNew() throws Exception {
        for (String d : List.of("meta", "data", "wal")) {
            Files.createDirectories(tmp.resolve(d));
        }
        Files.writeString(tmp.resolve("meta/raft.db"), "x");
        try (Workspace ws = new Workspace(tmp.resolve("home"), Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC))) {
            UpgradeSession s = new SessionNewCommand().run(ws, new SessionNewCommand.Request("r", InfluxVersion.parse("0.11.1"), null, null,
                    tmp.resolve("meta"), tmp.resolve("data"), tmp.resolve("wal"), null, null, null));
            s.addBackup(new BackupRecord("20261125-meta-dir", BackupKind.parse("meta-dir"), "/b/1", ws.now(), 4096, 3, true,
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", null, null, null));
            s.markStep(new UpgradeSession.StepRecord("preflight", ws.now(), "check", null));
            ws.journal().append(ws.now(), "backup meta-dir", 0, "ok");
            ws.journal().append(ws.now(), "verify compare --baseline before", 4, "2 differences");
            CheckContext ctx = new CheckContext(s, ws.backupRoot(), Optional::empty, () -> List.of());
            Path out = tmp.resolve("report.md");
            UpgradeReport r = new ReportCommand(Checks.basic(), ctx, new PlanCommand(tmp))
                    .run(ws, new ReportCommand.Request(out, ReportCommand.Format.MD, false));

            String md = Files.readString(out);
            assertThat(md).contains("# InfluxDB upgrade report: r")
                    .contains("| 1 | Preflight check | done | 2026-11-25T10:00:00Z |")
                    .contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                    .contains("| ERROR | meta.raft-db-present |")
                    .contains("`verify compare --baseline before` → exit 4: 2 differences")
                    .contains("tsi1 indexes built by 1.3 cannot be read by 1.4");
            assertThat(r.comparisons()).hasSize(1);
            assertThatThrownBy(() -> new ReportCommand(Checks.basic(), ctx, new PlanCommand(tmp))
                    .run(ws, new ReportCommand.Request(out, ReportCommand.Format.MD, false))).hasMessageContaining("exists");
            Path json = tmp.resolve("report.json");
            new ReportCommand(Checks.basic(), ctx, new PlanCommand(tmp)).run(ws, new ReportCommand.Request(json, ReportCommand.Format.JSON, false));
            assertThat(Json.mapper().readTree(json.toFile()).get("session").get("name").asText()).isEqualTo("r");
        }
    }
}
