package io.influxupgrade.shell.core;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.Shell;
import org.springframework.shell.ShellAccess;
import org.springframework.shell.command.CommandCatalog;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one command line for the REPL, a batch or the command line: evaluates it through Spring Shell,
 * maps the outcome to an exit code, saves the session and writes the journal after state-changing
 * commands. The single place where outcomes become exit codes.
 */
@Component
public class CommandRunner {

    /** The outcome of one command. */
    public record Result(int exitCode, String message, boolean exitRequested) {
        public Result(int exitCode, String message) {
            this(exitCode, message, false);
        }

        public boolean ok() {
            return exitCode == ExitCodes.OK;
        }
    }

    private final Shell shell;
    private final CommandCatalog catalog;
    private final Workspace workspace;
    private final Output output;
    private final ErrorReporter errors;
    private final Set<String> journaled = new HashSet<>();

    public CommandRunner(Shell shell, CommandCatalog catalog, Workspace workspace, Output output, ErrorReporter errors,
                         List<StateChanging> stateChanging) {
        this.shell = shell;
        this.catalog = catalog;
        this.workspace = workspace;
        this.output = output;
        this.errors = errors;
        stateChanging.forEach(s -> journaled.addAll(s.stateChangingCommands()));
        // Spring Shell's own resolvers print parser errors in red and swallow them; we want every failure
        // back here so that it gets one line, an exit code and (in a batch) FILE:LINE.
        shell.setExceptionResolvers(List.of());
    }

    /** Runs already tokenised words; the result's message is set only for failures. */
    public Result run(List<String> words) {
        if (words.isEmpty()) {
            return new Result(ExitCodes.OK, null);
        }
        String command = commandName(words);
        Object result;
        try {
            List<String> effective = command == null ? words
                    : Arguments.normalise(command, command.split(" ").length, words, catalog.getRegistrations().get(command));
            result = ShellAccess.evaluate(shell, LineTokenizer.join(effective), effective);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // one command's failure, whatever it is, ends that command only: the batch goes on or stops with its code
            result = e;
        }
        Output.Finished finished = output.finish();
        Result r;
        if (result instanceof org.springframework.shell.ExitRequest) {
            return new Result(ExitCodes.OK, null, true);
        } else if (result instanceof Throwable t) {
            ErrorReporter.Failure f = errors.describe(t);
            r = new Result(f.exitCode(), f.message());
        } else if (finished.failedVerdict() != null) {
            r = new Result(ExitCodes.FAILED, finished.failedVerdict().failureSummary());
        } else {
            r = new Result(ExitCodes.OK, null);
            if (!finished.emitted() && result instanceof CharSequence text) {
                // built-in commands (help, ...) return their text instead of printing it
                String plain = text instanceof org.jline.utils.AttributedCharSequence a
                        ? (output.style().enabled() ? a.toAnsi() : a.toString()) : text.toString();
                if (output.json()) {
                    output.out().println(Json.line(Map.of("command", String.valueOf(command), "text", plain)));
                } else {
                    output.out().println(plain);
                }
                output.out().flush();
            } else if (output.json() && !finished.emitted() && result != Shell.NO_INPUT) {
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("ok", true);
                ok.put("command", command);
                output.out().println(Json.line(ok));
                output.out().flush();
            }
        }
        if (!r.ok() && output.json() && !finished.emitted()) {
            Map<String, Object> err = new LinkedHashMap<>();
            Map<String, Object> error = new LinkedHashMap<>(); // a fixed key order: scripts and transcripts compare lines
            error.put("exitCode", r.exitCode());
            error.put("kind", ExitCodes.kindName(r.exitCode()));
            error.put("message", r.message() == null ? "" : r.message());
            err.put("error", error);
            output.out().println(Json.line(err));
            output.out().flush();
        }
        if (command != null && (journaled.contains(command) || finished.step() != null)) {
            record(words, r, finished.step());
        }
        return r;
    }

    /** Saves the session and writes the journal line; a success records the step its result names (a dry run names none). */
    private void record(List<String> words, Result r, io.influxupgrade.commands.StepResult<?> step) {
        try {
            if (!workspace.hasSession()) {
                return;
            }
            if (r.ok()) {
                workspace.completeStep(step, LineTokenizer.join(words));
                workspace.save();
            }
            workspace.journal().append(workspace.now(), LineTokenizer.join(words), r.exitCode(),
                    r.ok() ? "ok" : r.message());
        } catch (UpgradeException e) {
            output.warn("could not record the command in the session: " + e.getMessage());
        }
    }

    /** This runner as the engine's {@link io.influxupgrade.commands.LineRunner}: how {@code next} and {@code recover --run} run a step. */
    public io.influxupgrade.commands.LineRunner lines() {
        return line -> {
            Result r = run(LineTokenizer.split(line));
            return r.ok() ? null : new UpgradeException(ExitCodes.kindOf(r.exitCode()), r.message());
        };
    }

    /** The registered command the words start with (longest match), or null. */
    public String commandName(List<String> words) {
        Set<String> names = catalog.getRegistrations().keySet();
        String best = null;
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (w.startsWith("-")) {
                break;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w);
            if (names.contains(sb.toString())) {
                best = sb.toString();
            }
        }
        return best;
    }
}
