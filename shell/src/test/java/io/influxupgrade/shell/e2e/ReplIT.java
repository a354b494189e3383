package io.influxupgrade.shell.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The REPL on an emulated terminal over pipes: prompt, a command, Tab completion. */
class ReplIT {

    @TempDir
    Path tmp;

    static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "").replace("\u0007", "");
    }

    @Test
    void promptCommandAndTabCompletionOfCommandAndSessionName() throws Exception {
        Path home = tmp.resolve("home");
        for (String d : new String[] {"meta", "data", "wal"}) {
            Files.createDirectories(tmp.resolve(d));
        }
        ShellProcess shell = new ShellProcess(home).env("INFLUX_UPGRADE_TERM", "ansi");
        assertThat(shell.run("session", "new", "prod", "--from", "0.11", "--meta-dir", tmp.resolve("meta").toString(),
                "--data-dir", tmp.resolve("data").toString(), "--wal-dir", tmp.resolve("wal").toString()).exitCode()).isZero();
        assertThat(shell.run("session", "close").exitCode()).isZero();

        ShellProcess.Run r = shell.feed("session li\t\nsession open pr\t\nsession sh\t\n", "--interactive");

        String out = plain(r.stdout());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // the prompt, what was typed, then the line as completion rewrote it
        assertThat(out).contains("influx-upgrade> session li").contains("session list");
        assertThat(out).containsPattern("prod +0\\.11 +1\\.4 +0\\.10/0\\.11 → 1\\.4");
        assertThat(out).contains("session open prod");
        assertThat(out).contains("opened session 'prod'");
        assertThat(out).contains("prod 0.11→1.4 [0/11]> session sh").contains("session show");
        assertThat(out).contains("upgrade:           0.11 → 1.4  (0.10/0.11 → 1.4)");
    }

    @Test
    void dumbTerminalPrintsNoEscapeCodes() throws Exception {
        ShellProcess shell = new ShellProcess(tmp.resolve("home")).env("INFLUX_UPGRADE_TERM", "dumb").env("TERM", "dumb");
        ShellProcess.Run r = shell.feed("session list\nsession open nope\n", "--interactive");
        assertThat(r.stdout()).contains("no sessions yet").contains("error: no session named 'nope'");
        assertThat(r.stdout()).doesNotContain("\u001b[");
        // each piped line is shown once, after its prompt: the emulated terminal no longer echoes it on arrival
        assertThat(r.stdout()).startsWith("influx-upgrade-shell").containsOnlyOnce("session open nope")
                .contains("influx-upgrade> session list");
    }
    @Test
    void longWorkDrawsAProgressBarInTheReplAndNoneInABatch() throws Exception {
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        byte[] bytes = new byte[24 << 20];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(meta.resolve("meta.db"), bytes);
        for (String d : new String[] {"data", "wal"}) {
            Files.createDirectories(tmp.resolve(d));
        }
        ShellProcess shell = new ShellProcess(tmp.resolve("home")).env("INFLUX_UPGRADE_TERM", "ansi");
        assertThat(shell.run("session", "new", "p", "--from", "1.3", "--meta-dir", meta.toString(), "--data-dir",
                tmp.resolve("data").toString(), "--wal-dir", tmp.resolve("wal").toString()).exitCode()).isZero();

        ShellProcess.Run repl = shell.feed("backup meta-dir\n", "--interactive");
        String out = plain(repl.stdout());
        assertThat(repl.exitCode()).as(repl.stderr()).isZero();
        // the bar's last state: task, 100 %, bytes done of total, speed
        assertThat(out).containsPattern("backup meta-dir " + java.util.regex.Pattern.quote(meta.toString()) + " +100% .*24/24 ?MiB")
                .contains("MiB/s").contains("made and verified");

        ShellProcess.Run batch = shell.feed("backup meta-dir\n");
        assertThat(batch.exitCode()).as(batch.stderr()).isZero();
        assertThat(batch.stdout()).contains("made and verified").doesNotContain("100%").doesNotContain("MiB/s");
        assertThat(batch.stderr()).doesNotContain("100%");
    }
}
