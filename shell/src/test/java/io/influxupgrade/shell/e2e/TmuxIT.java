package io.influxupgrade.shell.e2e;

import io.influxupgrade.commands.testing.SilentServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell in a real terminal (tmux): Tab completion shows candidates and tables are coloured. */
class TmuxIT {

    @TempDir
    Path tmp;
    final String name = "ius-" + ProcessHandle.current().pid();

    static boolean hasTmux() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** For a test that drives a real terminal: without tmux it is skipped, except on CI, where scripts/test installs it. */
    private static void requireTmux() {
        if (!hasTmux()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but tmux is missing: scripts/test installs it");
            }
            Assumptions.abort("tmux is not installed; scripts/test installs it");
        }
    }

    @AfterEach
    void kill() throws Exception {
        if (hasTmux()) {
            run("tmux", "kill-session", "-t", name);
        }
    }

    /**
     * Quits the shell and waits until its tmux session has ended, so that the JVM has written its history and logs
     * before the temp dir is deleted (otherwise the deletion races the shell's exit).
     */
    private void quitShell() throws Exception {
        keys("C-u");
        keys("exit", "Enter");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("tmux", "has-session", "-t", name).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the shell did not exit within 30 s after 'exit':\n" + pane());
    }

    private String pane() throws Exception {
        return run("tmux", "capture-pane", "-e", "-p", "-t", name);
    }

    private String waitFor(String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String p = "";
        while (System.nanoTime() < deadline) {
            p = pane();
            if (ReplIT.plain(p).contains(text)) {
                return p;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + text + "' did not appear in the terminal:\n" + ReplIT.plain(p));
    }

    private void keys(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", name));
        cmd.addAll(List.of(keys));
        run(cmd.toArray(new String[0]));
    }

    @Test
    void tabCompletionAndColouredTablesInARealTerminal() throws Exception {
        requireTmux();
        Path home = tmp.resolve("home");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = String.join(" ", java, "-jar", ShellProcess.jar().toString(), "--home", home.toString(),
                "--demo", "--layout", "1.3", "--dir", tmp.resolve("sandbox").toString());
        run("tmux", "new-session", "-d", "-s", name, "-x", "200", "-y", "50", "env -u NO_COLOR TERM=xterm-256color " + cmd);
        waitFor("demo-1.3", 60);

        keys("backup meta-dir", "Enter");
        waitFor("verified", 60);
        keys("clear", "Enter");
        Thread.sleep(500);

        keys("shard li", "Tab");
        waitFor("shard list", 10);
        keys("Enter");
        String table = waitFor("total", 30);
        assertThat(table).as("a coloured table on a real terminal").contains("\u001b[");

        keys("clear", "Enter");
        Thread.sleep(500);
        keys("backup verify ", "Tab");
        String completions = ReplIT.plain(waitFor("meta-dir-", 10));
        assertThat(completions).as("the recorded backup id is offered").containsPattern("backup verify[\\s\\S]*meta-dir-\\d{8}T\\d{6}Z");
        keys("C-c");
        quitShell();
    }

    /**
     * On a real terminal the first prompt is printed before the Spring context starts (EarlyPrompt): the current
     * session is reopened for it, what is typed at once runs when the context is up, the banner is printed once,
     * and the REPL works on that same session (its lock is this shell's).
     */
    @Test
    void theEarlyFirstPromptReopensTheSessionAndTakesWhatIsTypedAtOnce() throws Exception {
        requireTmux();
        Path home = tmp.resolve("home");
        ShellProcess.Run made = new ShellProcess(home).run("session", "new", "prod", "--from", "1.3",
                "--meta-dir", tmp.resolve("meta").toString(), "--data-dir", tmp.resolve("data").toString(),
                "--wal-dir", tmp.resolve("wal").toString());
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        run("tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "40",
                java + " -jar " + ShellProcess.jar() + " --home " + home + " --no-color");
        waitFor("prod 1.3→1.4", 60);
        keys("session show", "Enter");
        String raw = waitFor("backup root:", 60);
        assertThat(raw).as("--no-color: no escape codes, not even in the typed line").doesNotContain("\u001b[");
        String screen = ReplIT.plain(raw);
        assertThat(screen).containsOnlyOnce("influx-upgrade-shell — type 'help'")
                .as("the REPL works on the session the early prompt opened").contains("session:           prod")
                .doesNotContain("error");
        quitShell();
    }

    @Test
    void ctrlCCancelsTheRunningCommandNotTheShell() throws Exception {
        requireTmux();
        try (SilentServer silent = SilentServer.start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            run("tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "40",
                    java + " -jar " + ShellProcess.jar() + " --home " + tmp.resolve("home") + " --no-color");
            waitFor("influx-upgrade>", 60);
            keys("connect --url " + silent.url() + " --timeout 10m", "Enter");
            while (!silent.connected()) {
                Thread.sleep(50);
            }
            keys("C-c");
            waitFor("cancelled", 60);
            keys("session list", "Enter");
            waitFor("no sessions yet", 30);
            silent.closeAccepted();
            quitShell();
        }
    }

    @Test
    void dumbTerminalShowsNoEscapeCodes() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        ShellProcess.Run r = new ShellProcess(home).env("TERM", "dumb").env("INFLUX_UPGRADE_TERM", "dumb")
                .feed("session list\nstatus\n", "--interactive", "--demo", "--layout", "0.11", "--dir", tmp.resolve("sb").toString());
        assertThat(r.stdout()).contains("demo-0.11").doesNotContain("\u001b[");
    }
}
