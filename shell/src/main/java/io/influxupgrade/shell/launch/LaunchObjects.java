package io.influxupgrade.shell.launch;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.Style;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The process-wide objects of one launch, made the same way by the Spring context ({@code ShellBeans}) and by the
 * start-up path without it ({@code FastCommand}): one workspace (the session context) and one output.
 */
public final class LaunchObjects {

    private LaunchObjects() {
    }

    /** The workspace for these options. */
    public static Workspace workspace(LaunchOptions options) {
        return new Workspace(options.home(), Clock.systemUTC());
    }

    /** The output for these options: colour only on a terminal, never in JSON; pipe width unless --wide. */
    public static Output output(LaunchOptions options) {
        boolean tty = System.console() != null;
        boolean color = !options.noColor() && !options.json() && tty;
        Output output = new Output(options.json(), new Style(color),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        output.width(options.wide() ? 0 : Output.PIPE_WIDTH);
        return output;
    }
}
