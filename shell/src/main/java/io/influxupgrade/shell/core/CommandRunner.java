package io.influxupgrade.shell.core;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.Shell;
import org.springframework.shell.ShellAccess;
import org.springframework.shell.command.CommandCatalog;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.stereotype.Component;

import java.lang.reflect.Method;
import java.util.List;
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

    public CommandRunner(Shell shell, CommandCatalog catalog, Workspace workspace, Output output, ErrorReporter errors) {
        this.shell = shell;
        this.catalog = catalog;
        this.workspace = workspace;
        this.output = output;
        this.errors = errors;
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
        CommandRegistration registration = command == null ? null : catalog.getRegistrations().get(command);
        Object result;
        try {
            List<String> effective = command == null ? words
                    : Arguments.normalise(command, command.split(" ").length, words, registration);
            result = ShellAccess.evaluate(shell, LineTokenizer.join(effective), effective);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // one command's failure, whatever it is, ends that command only: the batch goes on or stops with its code
            result = e;
        }
        Output.Finished finished = output.finish();
        if (result instanceof org.springframework.shell.ExitRequest) {
            return new Result(ExitCodes.OK, null, true);
        }
        Result r = Outcomes.conclude(command, result, finished, output, errors, result == Shell.NO_INPUT);
        if (command != null && (journaled(registration) || finished.step() != null)) {
            Outcomes.record(workspace, output, words, r, finished.step());
        }
        return r;
    }

    /** Whether a registered command's method is marked {@link Journaled} (a function target has no method: no). */
    private static boolean journaled(CommandRegistration registration) {
        Method m = registration.getTarget().getMethod();
        return m != null && m.isAnnotationPresent(Journaled.class);
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
