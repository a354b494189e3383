package io.influxupgrade.shell;

import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.launch.StartupHook;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.batch.BatchRunner;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.ExitCodes;
import io.influxupgrade.shell.render.Output;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the mode (one command, batch file, stdin batch, REPL), opens the session and runs. Its exit
 * code becomes the process exit code.
 */
@Component
public class ShellRunner implements ApplicationRunner {

    private final LaunchOptions options;
    private final Workspace workspace;
    private final CommandRunner runner;
    private final Output output;
    private final ObjectProvider<Repl> repl;
    private final List<StartupHook> hooks;
    private final EarlyPrompt early;
    private int exitCode;

    public ShellRunner(LaunchOptions options, Workspace workspace, CommandRunner runner, Output output,
                       ObjectProvider<Repl> repl, List<StartupHook> hooks, ObjectProvider<EarlyPrompt> early) {
        this.options = options;
        this.workspace = workspace;
        this.runner = runner;
        this.output = output;
        this.repl = repl;
        this.hooks = hooks;
        this.early = early.getIfAvailable();
    }

    public int exitCode() {
        return exitCode;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            exitCode = runMode();
        } catch (UpgradeException e) {
            output.error(e.getMessage());
            exitCode = ExitCodes.of(e.kind());
        } catch (IOException e) {
            output.error(e.getMessage());
            exitCode = ExitCodes.UNAVAILABLE;
        }
    }

    private int runMode() throws IOException {
        LaunchOptions.Mode mode = options.mode();
        if (early == null) {
            openSession(options, workspace, output);
        }
        List<List<String>> first = new ArrayList<>();
        for (StartupHook h : hooks) {
            if (early == null || !h.runsBeforeEarlyPrompt()) {
                first.addAll(h.beforeFirstCommand(options, workspace, output));
            }
        }
        for (List<String> words : first) {
            CommandRunner.Result r = runner.run(words);
            if (!r.ok()) {
                output.error(r.message());
                return r.exitCode();
            }
        }
        return switch (mode) {
            case COMMAND -> {
                CommandRunner.Result r = runner.run(options.command());
                if (!r.ok()) {
                    output.error(r.message());
                }
                yield r.exitCode();
            }
            case SCRIPT -> {
                if (!Files.isRegularFile(options.script())) {
                    throw UpgradeException.usage("batch file " + options.script() + " does not exist");
                }
                try (BufferedReader in = Files.newBufferedReader(options.script(), StandardCharsets.UTF_8)) {
                    yield new BatchRunner(runner, output.err()).run(in, options.script().toString(), options.keepGoing());
                }
            }
            case STDIN -> new BatchRunner(runner, output.err()).run(
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), "-", options.keepGoing());
            case INTERACTIVE -> repl.getObject().run(early != null);
        };
    }

    /**
     * Opens the session of {@code --session}, or else the current one: for the REPL now (its lock held, a broken
     * file a warning unless it is not ready), for a batch when its first command needs it.
     */
    static void openSession(LaunchOptions options, Workspace workspace, Output output) {
        if (options.session() != null) {
            workspace.open(options.session());
        } else if (workspace.store().current() != null) {
            if (options.mode() == LaunchOptions.Mode.INTERACTIVE) {
                try {
                    workspace.reopenLast();
                } catch (UpgradeException e) {
                    if (e.kind() == UpgradeException.Kind.NOT_READY) {
                        throw e;
                    }
                    output.warn(e.getMessage());
                }
            } else {
                workspace.openLazily(workspace.store().current());
            }
        }
    }
}
