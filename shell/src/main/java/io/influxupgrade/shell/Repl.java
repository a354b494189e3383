package io.influxupgrade.shell;

import io.influxupgrade.commands.plan.PlanCommand;
import io.influxupgrade.commands.plan.UpgradePlan;
import io.influxupgrade.commands.session.Redactor;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.LineTokenizer;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.ExitCodes;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.Style;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.utils.AttributedString;
import org.jline.terminal.Terminal;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;

/**
 * The interactive loop on a JLine terminal: a prompt that shows the session and where the upgrade
 * stands, Tab completion from Spring Shell, redacted history under the home dir, Ctrl-C cancels the
 * command (or the line), Ctrl-D exits.
 */
@Component
@Lazy
public class Repl {

    private final LineReader reader;
    private final Terminal terminal;
    private final CommandRunner runner;
    private final Workspace workspace;
    private final Output output;
    private final io.influxupgrade.shell.render.ProgressBars bars;

    public Repl(LineReader reader, Terminal terminal, CommandRunner runner, Workspace workspace, Output output,
                io.influxupgrade.shell.render.ProgressBars bars) {
        this.bars = bars;
        this.reader = reader;
        this.terminal = terminal;
        this.runner = runner;
        this.workspace = workspace;
        this.output = output;
    }

    /**
     * Runs the loop until Ctrl-D or {@code quit}. With {@code promptShown}, {@link EarlyPrompt} printed the banner
     * and the first prompt before the context started; the line reader draws that prompt again over it (with
     * whatever the operator typed meanwhile, which the terminal kept).
     */
    public int run(boolean promptShown) {
        output.redirect(terminal.writer());
        if (output.width() > 0 && terminal.getWidth() > 0) {
            output.width(terminal.getWidth()); // tables fit the real terminal; --wide (width 0) keeps one line per row
        }
        bars.enable();
        if (!output.style().enabled() && reader instanceof LineReaderImpl impl) {
            // --no-color / NO_COLOR: the typed line too (Spring Shell's highlighter colours known and unknown commands)
            impl.setHighlighter((r, buffer) -> new AttributedString(buffer));
        }
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        History history = reader.getHistory();
        try {
            history.load();
        } catch (IOException | RuntimeException e) {
            output.warn("history not loaded: " + e.getMessage());
        }
        if (promptShown) {
            terminal.writer().print("\r\u001b[K"); // the early prompt's line, drawn again by the reader
            terminal.writer().flush();
        } else {
            output.info(banner(output.style()));
        }
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt(workspace, output.style()));
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            if (line == null) {
                break;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                history.add(Redactor.redact(line.strip()));
                history.save();
            } catch (IOException | RuntimeException e) {
                // history is a convenience; never fail a command for it
            }
            List<String> words;
            try {
                words = LineTokenizer.split(line);
            } catch (LineTokenizer.SyntaxError e) {
                printError(e.getMessage());
                continue;
            }
            CommandRunner.Result r = runner.run(words);
            if (r.exitRequested()) {
                break;
            }
            if (!r.ok()) {
                printError(r.message());
            }
        }
        // Leaving the REPL is not a failure, whatever the last command returned.
        return ExitCodes.OK;
    }

    private void printError(String message) {
        terminal.writer().println(output.style().error("error: ") + message);
        terminal.writer().flush();
    }

    /** The line printed once above the first prompt. */
    static String banner(Style style) {
        return style.bold("influx-upgrade-shell") + " — type 'help' for commands, Tab to complete, Ctrl-D to leave.";
    }

    /** The prompt: the session, its upgrade path and "[done/total]" of its plan once there is one. */
    static String prompt(Workspace workspace, Style style) {
        if (!workspace.hasSession()) {
            return style.bold("influx-upgrade") + "> ";
        }
        UpgradeSession s = workspace.session();
        StringBuilder sb = new StringBuilder(s.getName());
        if (s.getFromVersion() != null) {
            sb.append(' ').append(s.from().line()).append('→').append(s.to().line());
        }
        String progress = UpgradePlan.progress(s, new PlanCommand().steps(s));
        if (progress != null) {
            sb.append(" [").append(progress).append(']');
        }
        return style.bold(sb.toString()) + "> ";
    }
}
