package io.influxupgrade.shell.launch;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.Output;

import java.util.List;

/** Work done before the first command (demo sandbox, interrupted-operation notices), on both start-up paths. */
public interface StartupHook {
    /** Returns extra commands to run first (may be empty). */
    List<List<String>> beforeFirstCommand(LaunchOptions options, Workspace workspace, Output output);

    /** True for a hook that runs no command and that {@code EarlyPrompt} therefore runs itself, before the context. */
    default boolean runsBeforeEarlyPrompt() {
        return false;
    }
}
