package io.influxupgrade.shell.command;

import io.influxupgrade.shell.core.ErrorReporter;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.command.annotation.Command;

import java.util.Map;

/** Commands about the shell itself. */
@Command(group = "Shell")
public class ShellCommands {

    private final ErrorReporter errors;
    private final Output out;

    public ShellCommands(ErrorReporter errors, Output out) {
        this.errors = errors;
        this.out = out;
    }

    @Command(command = "last-error", description = "Show the stack trace of the last failure (secrets redacted). Example: last-error")
    public void lastError() {
        String stack = errors.lastStack();
        out.emit(Map.of("stack", stack == null ? "" : stack), t -> t.line(stack == null ? "no error so far" : stack));
    }
}
