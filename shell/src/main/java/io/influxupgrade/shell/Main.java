package io.influxupgrade.shell;

import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.launch.LogSetup;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Entry point: parses the global options without Spring (fast answers for --version, --help and usage
 * errors), then starts the Spring Shell context and hands over to {@link ShellRunner}, whose result is the
 * process exit code.
 */
public final class Main {

    private static final String AOT = "spring.aot.enabled";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.console() != null));
    }

    /** Runs the tool and returns its exit code (tests call this directly). */
    public static int run(String[] args, Map<String, String> env, boolean stdinIsTerminal) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, env, stdinIsTerminal);
        } catch (LaunchOptions.UsageError e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            System.out.print(LaunchOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            System.out.println("influx-upgrade-shell " + version());
            return 0;
        }
        // One command on the command line: without the Spring context when the fast path can take it.
        java.util.OptionalInt fast = io.influxupgrade.shell.fast.FastCommand.run(options, env);
        if (fast.isPresent()) {
            return fast.getAsInt();
        }
        // JLine prints a warning to stdout when it has to fall back to a dumb terminal; in batch mode that is expected.
        System.setProperty("org.jline.terminal.dumb", "true");
        if (options.mode() != LaunchOptions.Mode.INTERACTIVE) {
            System.setProperty("org.jline.terminal.dumb.color", "false");
        }
        // Logging in code, before Spring or JLine log anything (Boot's logging system, which parsed XML, stays out).
        LogSetup.toFile(options.home().resolve("logs").resolve("shell.log"));
        // The terminal is built on another thread meanwhile (TerminalSetup.Early).
        TerminalSetup.Early terminal = TerminalSetup.Early.start(options);
        // On a terminal the REPL's first prompt is printed now; the context starts while the operator types.
        EarlyPrompt early;
        try {
            early = EarlyPrompt.show(options, env, stdinIsTerminal);
        } catch (io.influxupgrade.commands.UpgradeException e) {
            terminal.close();
            System.err.println("error: " + e.getMessage());
            return io.influxupgrade.shell.core.ExitCodes.of(e.kind());
        } catch (RuntimeException e) {
            terminal.close();
            return cannotStart(e);
        }
        SpringApplication app = new SpringApplication(ShellApplication.class);
        app.setListeners(app.getListeners().stream().filter(l -> !(l instanceof LoggingApplicationListener)).toList());
        app.setBannerMode(Banner.Mode.OFF);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        Map<String, Object> props = new HashMap<>();
        props.put("influx-upgrade.home", options.home().toString());
        props.put("spring.shell.history.name", options.home().resolve("history").toString());
        app.setDefaultProperties(props);
        app.addInitializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("launchOptions", options);
            ctx.getBeanFactory().registerSingleton("earlyTerminal", terminal);
            if (early != null) {
                ctx.getBeanFactory().registerSingleton("earlyPrompt", early);
            }
        });
        if (System.getProperty(AOT) == null && fromPackagedJar()) {
            System.setProperty(AOT, "true");
        }
        try (terminal; ConfigurableApplicationContext ctx = app.run()) {
            return ctx.getBean(ShellRunner.class).exitCode();
        } catch (SpringApplication.AbandonedRunException e) {
            throw e; // the build's AOT processing stops the run once the context is prepared
        } catch (RuntimeException e) {
            return cannotStart(e);
        }
    }

    /** One line for a start-up that failed for a reason the tool did not foresee (its root cause), exit 1. */
    private static int cannotStart(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        System.err.println("error: internal error: cannot start the shell: " + root.getClass().getSimpleName() + ": " + root.getMessage());
        return 1;
    }

    /**
     * Whether this class runs from a jar: then the jar was packaged with its Spring AOT code (the build's process-aot
     * step), which replaces the scanning, condition evaluation and configuration class parsing of every start. Run
     * from the build's classes dir (the in-process tests), that code may be missing or stale, so the context is
     * built the usual way.
     */
    private static boolean fromPackagedJar() {
        java.net.URL self = Main.class.getResource("Main.class");
        return self != null && "jar".equals(self.getProtocol())
                && Main.class.getResource("Main__ApplicationContextInitializer.class") != null;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
