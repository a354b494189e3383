package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.verify.Baseline;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyCompletionTest {

    @TempDir
    Path tmp;

    @Test
    void databaseNamesComeFromTheLatestBaselineFileAndNothingBreaksOnABadOne() throws Exception {
        for (String d : new String[] {"meta", "data", "wal"}) {
            Files.createDirectories(tmp.resolve(d));
        }
        try (Workspace ws = new Workspace(tmp.resolve("home"), Clock.systemUTC())) {
            assertThat(VerifyCompletion.databases(ws)).as("no session").isEmpty();
            new SessionNewCommand().run(ws, new SessionNewCommand.Request("s", "1.3", "1.4", null, tmp.resolve("meta"),
                    tmp.resolve("data"), tmp.resolve("wal"), null, null, null));
            assertThat(VerifyCompletion.databases(ws)).as("no baseline, empty meta dir").isEmpty();

            Path older = tmp.resolve("older.json");
            VerifyBaselineCommand.write(older, Baseline.builder("older").database("old_db").build());
            Path latest = tmp.resolve("latest.json");
            VerifyBaselineCommand.write(latest, Baseline.builder("latest").database("telegraf").database("my \"db\"").build());
            ws.session().getBaselines().put("older", older.toString());
            ws.session().getBaselines().put("latest", latest.toString());
            assertThat(VerifyCompletion.databases(ws)).containsExactlyInAnyOrder("telegraf", "my \"db\"");

            Files.writeString(latest, "{ not json");
            assertThat(VerifyCompletion.databases(ws)).isEmpty();
            Files.delete(latest);
            assertThat(VerifyCompletion.databases(ws)).isEmpty();
        }
    }
}
