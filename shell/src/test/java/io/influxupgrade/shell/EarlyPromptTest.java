package io.influxupgrade.shell;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.ExitCodes;
import io.influxupgrade.shell.launch.LaunchOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REPL's first prompt printed before the Spring context: what it prints, when, and what it hands over. */
class EarlyPromptTest {

    @TempDir
    Path home;
    private PrintStream stdout;
    private PrintStream stderr;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private LaunchOptions options(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "--home";
        args[1] = home.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        return LaunchOptions.parse(args, Map.of(), true);
    }

    /** Creates session {@code prod} (0.11 → 1.4) through the real command line, which leaves it current and closed. */
    private void newSession() {
        int rc = Main.run(new String[]{"--home", home.toString(), "session", "new", "prod", "--from", "0.11",
                "--meta-dir", home.resolve("meta").toString(), "--data-dir", home.resolve("data").toString(),
                "--wal-dir", home.resolve("wal").toString()}, Map.of(), false);
        assertThat(rc).as("session new: " + err.toString(StandardCharsets.UTF_8)).isZero();
        out.reset();
        err.reset();
    }

    @Test
    void withoutASessionTheBannerAndThePlainPromptArePrinted() {
        EarlyPrompt early = EarlyPrompt.show(options("--no-color"), Map.of(), true);

        assertThat(early).isNotNull();
        assertThat(printed()).startsWith("influx-upgrade-shell — type 'help' for commands, Tab to complete, Ctrl-D to leave.")
                .endsWith("\ninflux-upgrade> ");
        assertThat(early.workspace().hasSession()).isFalse();
        early.workspace().close();
    }

    @Test
    void theCurrentSessionIsOpenedAndNamedInThePromptWithItsPlanProgress() {
        newSession();

        EarlyPrompt early = EarlyPrompt.show(options("--no-color"), Map.of(), true);

        assertThat(printed()).containsOnlyOnce("influx-upgrade-shell").containsPattern("\nprod 0\\.11→1\\.4 \\[0/\\d+\\]> $");
        assertThat(early.workspace().session().getName()).isEqualTo("prod");
        // the lock is held: the context takes this very workspace, and a second shell is refused
        try (Workspace other = new Workspace(home, Clock.systemUTC())) {
            assertThatThrownBy(() -> other.open("prod")).isInstanceOf(UpgradeException.class)
                    .hasMessageContaining("open in another shell");
        }
        early.workspace().close();
    }

    @Test
    void colourFollowsTheOptionsAsInTheRepl() {
        EarlyPrompt.show(options(), Map.of(), true).workspace().close();
        String plain = printed();
        out.reset();
        EarlyPrompt.show(options("--no-color"), Map.of(), true).workspace().close();
        // System.console() is null under the test runner, so neither has colour: the same as the REPL's output
        assertThat(plain).isEqualTo(printed()).doesNotContain("\u001b[");
    }

    @Test
    void notShownOnAPipeWithDemoForACommandOrBatchOrWhenTurnedOff() {
        assertThat(EarlyPrompt.show(options(), Map.of(), false)).as("stdin is a pipe").isNull();
        assertThat(EarlyPrompt.show(options("--demo"), Map.of(), true)).as("--demo").isNull();
        assertThat(EarlyPrompt.show(options("session", "list"), Map.of(), true)).as("one command").isNull();
        assertThat(EarlyPrompt.show(options("--script", home.resolve("b.txt").toString()), Map.of(), true)).as("batch").isNull();
        assertThat(EarlyPrompt.show(options(), Map.of(EarlyPrompt.ENV, "0"), true)).as(EarlyPrompt.ENV + "=0").isNull();
        assertThat(printed()).isEmpty();
    }

    @Test
    void aSessionOpenInAnotherShellFailsBeforeAnyPromptAndBeforeTheContext() {
        newSession();
        try (Workspace other = new Workspace(home, Clock.systemUTC())) {
            other.open("prod");

            assertThatThrownBy(() -> EarlyPrompt.show(options(), Map.of(), true)).isInstanceOf(UpgradeException.class)
                    .hasMessageContaining("open in another shell");
            assertThat(printed()).isEmpty();

            // Main reports it in one line with the session error's exit code, without starting the context
            int rc = Main.run(new String[]{"--home", home.toString()}, Map.of(), true);
            assertThat(rc).isEqualTo(ExitCodes.of(UpgradeException.Kind.NOT_READY));
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: session 'prod' is open in another shell")
                    .doesNotContain("Exception");
            assertThat(printed()).isEmpty();
        }
    }
}
