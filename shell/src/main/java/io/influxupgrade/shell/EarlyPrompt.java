package io.influxupgrade.shell;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.command.InterruptedOperationNotice;
import io.influxupgrade.shell.launch.LaunchObjects;
import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.render.Output;

import java.util.Map;

/**
 * The REPL's first prompt, shown before the Spring context has started: on a real terminal {@link Main} opens the
 * session, warns about an interrupted backup or restore, and prints the banner and the prompt as the REPL would,
 * then starts the context (about half a second more). What the operator types meanwhile waits in the terminal's
 * input queue, and the line reader takes it from there: the REPL draws the same prompt again over the early one,
 * with the text typed so far. The context then uses this workspace and output.
 * <p>
 * Not for a pipe (nobody reads the prompt; the REPL's own is printed as before), not with {@code --demo} (the sandbox
 * is made by a command before the first prompt), and not with {@code INFLUX_UPGRADE_EARLY_PROMPT=0}. Ctrl-C before the
 * context has started ends the shell, as it always did during start-up.
 */
public final class EarlyPrompt {

    /** Set to {@code 0} to print the first prompt only once the context has started. */
    public static final String ENV = "INFLUX_UPGRADE_EARLY_PROMPT";

    private final Workspace workspace;
    private final Output output;

    private EarlyPrompt(Workspace workspace, Output output) {
        this.workspace = workspace;
        this.output = output;
    }

    /**
     * Prints the banner and the first prompt when these options start the REPL on a terminal; returns null when the
     * prompt is left to the REPL. A session that cannot be opened fails here as it would in the REPL.
     */
    static EarlyPrompt show(LaunchOptions options, Map<String, String> env, boolean console) {
        if (options.mode() != LaunchOptions.Mode.INTERACTIVE || !console || options.demo() || "0".equals(env.get(ENV))) {
            return null;
        }
        Workspace ws = LaunchObjects.workspace(options);
        Output out = LaunchObjects.output(options);
        try {
            ShellRunner.openSession(options, ws, out);
            new InterruptedOperationNotice().beforeFirstCommand(options, ws, out);
            out.info(Repl.banner(out.style()));
            out.print(Repl.prompt(ws, out.style()));
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
        return new EarlyPrompt(ws, out);
    }

    Workspace workspace() {
        return workspace;
    }

    Output output() {
        return output;
    }
}
