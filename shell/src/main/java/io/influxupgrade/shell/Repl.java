package io.influxupgrade.shell;

import io.influxupgrade.commands.session.Redactor;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.LineTokenizer;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.ExitCodes;
import io.influxupgrade.shell.render.Output;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
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

    /** Supplies the "[done/total]" part of the prompt once a plan exists. */
    public interface Progress {
        String progress(UpgradeSession session);
    }

    private final LineReader reader;
    private final Terminal terminal;
    private final CommandRunner runner;
    private final Workspace workspace;
    private final Output output;
    private final List<Progress> progress;
    private final io.influxupgrade.shell.render.ProgressBars bars;

    public Repl(LineReader reader, Terminal terminal, CommandRunner runner, Workspace workspace, Output output,
                List<Progress> progress, io.influxupgrade.shell.render.ProgressBars bars) {
        this.bars = bars;
        this.reader = reader;
        this.terminal = terminal;
        this.runner = runner;
        this.workspace = workspace;
        this.output = output;
        this.progress = progress;
    }

    public int run() {
        output.redirect(terminal.writer());
        if (output.width() > 0 && terminal.getWidth() > 0) {
            output.width(terminal.getWidth()); // tables fit the real terminal; --wide (width 0) keeps one line per row
        }
        bars.enable();
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        History history = reader.getHistory();
        try {
            history.load();
        } catch (IOException | RuntimeException e) {
            output.warn("history not loaded: " + e.getMessage());
        }
        output.info(output.style().bold("influx-upgrade-shell") + " — type 'help' for commands, Tab to complete, Ctrl-D to leave.");
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
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

    String prompt() {
        if (!workspace.hasSession()) {
            return output.style().bold("influx-upgrade") + "> ";
        }
        UpgradeSession s = workspace.session();
        StringBuilder sb = new StringBuilder(s.getName());
        if (s.getFromVersion() != null) {
            sb.append(' ').append(s.from().line()).append('→').append(s.to().line());
        }
        for (Progress p : progress) {
            String part = p.progress(s);
            if (part != null) {
                sb.append(" [").append(part).append(']');
            }
        }
        return output.style().bold(sb.toString()) + "> ";
    }
}
