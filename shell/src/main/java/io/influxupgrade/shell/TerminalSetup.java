package io.influxupgrade.shell;

import org.springframework.shell.boot.TerminalCustomizer;
import org.springframework.stereotype.Component;

/**
 * With {@code --interactive} and a stdin that is not a terminal (a pipe, a test), the REPL runs on an
 * emulated terminal over stdin/stdout, so scripted sessions get the same line editing and Tab completion.
 */
@Component
public class TerminalSetup implements TerminalCustomizer {

    private final LaunchOptions options;

    public TerminalSetup(LaunchOptions options) {
        this.options = options;
    }

    @Override
    public void customize(org.jline.terminal.TerminalBuilder builder) {
        if (options.interactive() && System.console() == null) {
            String type = System.getenv().getOrDefault("INFLUX_UPGRADE_TERM", "dumb");
            builder.system(false).streams(System.in, System.out).type(type).dumb(type.startsWith("dumb"));
        }
    }
}
