package io.influxupgrade.shell.core;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.StepResult;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.Output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens once a command has returned or thrown, on both start-up paths ({@link CommandRunner} through Spring
 * Shell, {@code FastCommand} without it): the outcome becomes an exit code and, for scripts, one JSON line; a command
 * that changed the session or completed a step is saved and journaled.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /**
     * The exit code and message of a command's outcome; prints what the command did not print itself (a built-in's
     * returned text, the JSON "ok" or "error" line).
     *
     * @param command  the command's registered name, or null when none matched
     * @param result   what the command returned, or what it threw
     * @param finished what the command wrote (from {@link Output#finish})
     * @param noInput  the line had no command (nothing to confirm in JSON)
     */
    public static CommandRunner.Result conclude(String command, Object result, Output.Finished finished, Output output,
                                                ErrorReporter errors, boolean noInput) {
        CommandRunner.Result r;
        if (result instanceof Throwable t) {
            ErrorReporter.Failure f = errors.describe(t);
            r = new CommandRunner.Result(f.exitCode(), f.message());
        } else if (finished.failedVerdict() != null) {
            r = new CommandRunner.Result(ExitCodes.FAILED, finished.failedVerdict().failureSummary());
        } else {
            r = new CommandRunner.Result(ExitCodes.OK, null);
            if (!finished.emitted() && result instanceof CharSequence text) {
                // built-in commands (help, ...) return their text instead of printing it
                String plain = text instanceof org.jline.utils.AttributedCharSequence a
                        ? (output.style().enabled() ? a.toAnsi() : a.toString()) : text.toString();
                output.println(output.json() ? Json.line(Map.of("command", String.valueOf(command), "text", plain)) : plain);
            } else if (output.json() && !finished.emitted() && !noInput) {
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("ok", true);
                ok.put("command", command);
                output.println(Json.line(ok));
            }
        }
        if (!r.ok() && output.json() && !finished.emitted()) {
            Map<String, Object> err = new LinkedHashMap<>();
            Map<String, Object> error = new LinkedHashMap<>(); // a fixed key order: scripts and transcripts compare lines
            error.put("exitCode", r.exitCode());
            error.put("kind", ExitCodes.kindName(r.exitCode()));
            error.put("message", r.message() == null ? "" : r.message());
            err.put("error", error);
            output.println(Json.line(err));
        }
        return r;
    }

    /** Saves the session and writes the journal line; a success records the step its result names (a dry run names none). */
    public static void record(Workspace workspace, Output output, List<String> words, CommandRunner.Result r, StepResult<?> step) {
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
}
