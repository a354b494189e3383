package io.influxupgrade.shell.core;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.Redactor;
import org.springframework.core.convert.ConversionException;
import org.springframework.shell.CommandNotCurrentlyAvailable;
import org.springframework.shell.CommandNotFound;
import org.springframework.shell.command.CommandExecution;
import org.springframework.shell.command.CommandParser;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.channels.ClosedByInterruptException;
import java.util.stream.Collectors;

/**
 * Turns whatever a command ended with into one line and an exit code. Expected failures never show a
 * stack trace; a bug says "internal error" and keeps its stack for {@code last-error}.
 */
@Component
public class ErrorReporter {

    /** A failure as the user sees it. */
    public record Failure(int exitCode, String message) {
    }

    private Throwable last;
    private final io.influxupgrade.shell.convert.Refusals refusals;

    public ErrorReporter(io.influxupgrade.shell.convert.Refusals refusals) {
        this.refusals = refusals;
    }

    /** Describes a failure; every message passes the {@link Redactor}, since parsers echo option values. */
    public Failure describe(Throwable t) {
        Failure f = classify(t);
        return new Failure(f.exitCode(), Redactor.redact(f.message()));
    }

    private Failure classify(Throwable t) {
        Throwable e = unwrap(t);
        last = e;
        if (e instanceof UpgradeException ue) {
            return new Failure(ExitCodes.of(ue.kind()), Redactor.redact(ue.getMessage()));
        }
        if (e instanceof CommandNotFound nf) {
            String words = nf.getWords() == null ? "" : String.join(" ", nf.getWords());
            return new Failure(ExitCodes.USAGE, "unknown command '" + words + "' (type 'help' for the list)");
        }
        UpgradeException refused = refusals.take();
        if (e instanceof CommandExecution.CommandParserExceptionsException && refused != null) {
            // a converter's own usage error (--via, --section): the engine's message, not the parser's
            return new Failure(ExitCodes.of(refused.kind()), refused.getMessage());
        }
        if (e instanceof CommandExecution.CommandParserExceptionsException pe) {
            String msg = pe.getParserExceptions().stream().map(CommandParser.CommandParserException::getMessage)
                    .distinct().collect(Collectors.joining("; "));
            return new Failure(ExitCodes.USAGE, msg + " (see 'help COMMAND')");
        }
        if (e instanceof CommandNotCurrentlyAvailable na) {
            String reason = na.getAvailability() == null ? null : na.getAvailability().getReason();
            return new Failure(ExitCodes.NOT_READY, "'" + na.getCommand() + "' is not available now: " + reason);
        }
        if (e instanceof ConversionException ce) {
            Throwable c = ce.getCause() != null ? ce.getCause() : ce;
            return new Failure(ExitCodes.USAGE, "bad option value: " + c.getMessage());
        }
        if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("Unknown command")) {
            // Spring Shell's help, asked about a command that does not exist
            return new Failure(ExitCodes.USAGE, "unknown command" + iae.getMessage().substring("Unknown command".length())
                    + " (type 'help' for the list)");
        }
        if (e instanceof InterruptedException || e instanceof ClosedByInterruptException) {
            return new Failure(ExitCodes.INTERNAL, "cancelled");
        }
        return new Failure(ExitCodes.INTERNAL, "internal error: " + e.getClass().getSimpleName() + ": "
                + Redactor.redact(String.valueOf(e.getMessage())) + " (run 'last-error' for the stack)");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        for (int i = 0; i < 10; i++) {
            if (e instanceof UndeclaredThrowableException u && u.getCause() != null) {
                e = u.getCause();
            } else if (e instanceof CommandExecution.CommandExecutionException x && x.getCause() != null) {
                e = x.getCause();
            } else if (e.getCause() instanceof UpgradeException ue && !(e instanceof UpgradeException)) {
                e = ue;
            } else {
                break;
            }
        }
        return e;
    }

    /** The last failure's stack trace, redacted, or null. */
    public String lastStack() {
        if (last == null) {
            return null;
        }
        StringWriter sw = new StringWriter();
        last.printStackTrace(new PrintWriter(sw));
        return Redactor.redact(sw.toString());
    }
}
