package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.InfluxVersion;

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
            new SessionNewCommand().run(ws, new SessionNewCommand.Request("s", InfluxVersion.parse("1.3"), InfluxVersion.V1_4, null, tmp.resolve("meta"),
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

    @Test
    void everyOfferedWindowIsOneVerifyBaselineTakes(@TempDir Path dir) {
        for (String w : VerifyCompletion.WINDOWS) {
            VerifyBaselineCommand.BaselineSummary s = new VerifyBaselineCommand(Clock.systemUTC()).run(new NoServer(),
                    new VerifyBaselineCommand.Request("w", 0, dir, w, true));
            assertThat(s.pointsWindow()).as(w).isNotNull();
        }
    }

    /** A server with nothing on it: enough for the baseline to accept or refuse the window. */
    private static final class NoServer implements io.influxupgrade.commands.verify.InfluxQuery {
        @Override
        public io.influxupgrade.commands.verify.QueryResult query(String influxql, String db) {
            int n = influxql.split("; ").length;
            return new io.influxupgrade.commands.verify.QueryResult(java.util.Collections.nCopies(n,
                    io.influxupgrade.commands.verify.QueryResult.Statement.ok(java.util.List.of())));
        }

        @Override
        public io.influxupgrade.commands.verify.Pong ping() {
            return new io.influxupgrade.commands.verify.Pong("1.6.7", 1);
        }

        @Override
        public String url() {
            return "http://127.0.0.1:8086";
        }

        @Override
        public void close() {
        }
    }
}
