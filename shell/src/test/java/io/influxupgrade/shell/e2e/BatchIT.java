package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchIT {

    @TempDir
    Path tmp;
    Path home;
    ShellProcess shell;
    String dirs;

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        for (String d : new String[] {"meta", "data", "wal", "dir with space"}) {
            Files.createDirectories(tmp.resolve(d));
        }
        dirs = "--meta-dir " + tmp.resolve("meta") + " --data-dir " + tmp.resolve("data") + " --wal-dir " + tmp.resolve("wal");
        shell = new ShellProcess(home);
    }

    @Test
    void stopsAtTheFirstFailureWithItsCodeAndLine() throws Exception {
        Path batch = tmp.resolve("upgrade.batch");
        Files.writeString(batch, String.join("\n",
                "# a comment, then a blank line",
                "",
                "session open does-not-exist",
                "session new later --from 1.3 " + dirs,
                ""));

        ShellProcess.Run r = shell.run("--script", batch.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith(batch + ":3: error: no session named 'does-not-exist'");
        assertThat(home.resolve("sessions/later")).as("line 4 must not run").doesNotExist();
    }

    @Test
    void keepGoingRunsEveryLineAndExitsWithTheWorstCode() throws Exception {
        Path batch = tmp.resolve("all.batch");
        Files.writeString(batch, String.join("\n",
                "session open does-not-exist",
                "session new later --from 1.3 " + dirs,
                "session show",
                "session set from 9.9"));

        ShellProcess.Run r = shell.run("--keep-going", "--script", batch.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(batch + ":1: error:").contains(batch + ":4: error:");
        assertThat(home.resolve("sessions/later/session.json")).exists();
        assertThat(r.stdout()).contains("session:").contains("later");
    }

    /** Issue 15 item 4: a config nested 10,000 levels deep ended the process ("cannot start the shell: StackOverflowError"). */
    @Test
    void aDeeplyNestedConfigIsOneBadLineAndTheBatchGoesOn() throws Exception {
        Path deep = Files.writeString(tmp.resolve("deep.conf"), "a = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        Path deepTables = Files.writeString(tmp.resolve("deep-tables.conf"), "a" + ".b".repeat(20_000) + " = 1\n");
        Path batch = tmp.resolve("deep.batch");
        Files.writeString(batch, String.join("\n",
                "config validate --file " + deep + " --version 1.4",
                "config validate --file " + deepTables + " --version 1.4",
                "session list"));
        ShellProcess.Run r = shell.run("--keep-going", "--script", batch.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr()).contains(batch + ":1: error: config " + deep).contains("nested more than 64 levels")
                .contains(batch + ":2: error: config").doesNotContain("StackOverflowError").doesNotContain("\tat ");
        assertThat(r.stdout()).as("line 3 ran").contains("no sessions yet");
    }

    /** Issue 15 item 9: tables fit 100 columns in a pipe; --wide keeps one line per row. */
    @Test
    void tablesFitAPipeUnlessWide() {
        String[] args = {"--demo", "--dir", tmp.resolve("sb").toString()};
        shell.feed("", args); // builds the sandbox and opens its session; the runs below print only their tables
        ShellProcess.Run fitted = shell.feed("check --no-plan\n", "--keep-going");
        assertThat(fitted.stdoutLines()).filteredOn(l -> l.startsWith("SEVERITY") || l.matches("^(ERROR|WARNING|NOTICE) .*"))
                .isNotEmpty();
        assertThat(fitted.stdoutLines()).isNotEmpty().allSatisfy(l ->
                assertThat(io.influxupgrade.shell.render.Style.visibleLength(l)).as(l).isLessThanOrEqualTo(100));
        ShellProcess.Run wide = shell.feed("check --no-plan\n", "--keep-going", "--wide");
        assertThat(wide.stdoutLines()).anySatisfy(l -> assertThat(l.length()).isGreaterThan(100));
        assertThat(wide.stdoutLines().size()).isLessThan(fitted.stdoutLines().size());
    }

    @Test
    void stdinBatchUsesDashAsFileName() {
        ShellProcess.Run r = shell.feed("session list\nsession show\nsession list\n");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).startsWith("-:2: error: no session is open");
        assertThat(r.stdout()).contains("no sessions yet");
    }

    @Test
    void quotingKeepsSpacesAndQuotesInOneWord() throws Exception {
        Path spaced = tmp.resolve("dir with space");
        String batch = String.join("\n",
                "session new q --from 1.2 " + dirs,
                "session set wal-dir '" + spaced + "'   # single quotes",
                "session set data-dir \"" + spaced + "\"",
                "session set meta-dir " + spaced.toString().replace(" ", "\\ "),
                "session set service-user 'o'\"'\"'brien'",
                "");

        ShellProcess.Run r = shell.feed(batch, "--format", "json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdoutLines();
        assertThat(lines).hasSize(5);
        JsonNode last = SessionIT.json(lines.get(4));
        assertThat(last.get("newValue").asText()).isEqualTo("o'brien");
        assertThat(SessionIT.json(lines.get(1)).get("newValue").asText()).isEqualTo(spaced.toString());
        assertThat(SessionIT.json(lines.get(3)).get("newValue").asText()).isEqualTo(spaced.toString());
    }

    @Test
    void jsonLinesParseAndFailuresAreJsonToo() {
        ShellProcess.Run r = shell.feed("session list\nsession open nope\n", "--format", "json", "--keep-going");

        assertThat(r.exitCode()).isEqualTo(2);
        List<String> lines = r.stdoutLines();
        assertThat(lines).hasSize(2);
        assertThat(SessionIT.json(lines.get(0)).get("sessions").isArray()).isTrue();
        JsonNode err = SessionIT.json(lines.get(1)).get("error");
        assertThat(err.get("exitCode").asInt()).isEqualTo(2);
        assertThat(err.get("message").asText()).contains("no session named 'nope'");
    }

    @Test
    void unterminatedQuoteIsAUsageErrorNamingTheLine() throws Exception {
        Path batch = tmp.resolve("bad.batch");
        Files.writeString(batch, "session list\nsession open 'oops\nsession list\n");

        ShellProcess.Run r = shell.run("--script", batch.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith(batch + ":2: error: unterminated single quote");
    }
}
