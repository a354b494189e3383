package io.influxupgrade.shell;

import io.influxupgrade.shell.launch.LaunchOptions;
import org.springframework.shell.boot.TerminalCustomizer;
import org.springframework.stereotype.Component;

/**
 * Chooses the terminal: none worth probing for batches and single commands; with {@code --interactive} and a
 * stdin that is not a terminal (a pipe, a test), an emulated terminal over stdin/stdout, so scripted sessions
 * get the same line editing and Tab completion; otherwise the real system terminal.
 */
@Component
public class TerminalSetup implements TerminalCustomizer {

    private final LaunchOptions options;

    public TerminalSetup(LaunchOptions options) {
        this.options = options;
    }

    @Override
    public void customize(org.jline.terminal.TerminalBuilder builder) {
        if (options.mode() != LaunchOptions.Mode.INTERACTIVE) {
            // Batches and single commands print through System.out; a dumb terminal on top costs no probing.
            builder.system(false).streams(java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream())
                    .type("dumb").dumb(true);
        } else if (System.console() == null) {
            String type = System.getenv().getOrDefault("INFLUX_UPGRADE_TERM", "dumb");
            builder.system(false).streams(System.in, System.out).type(type).dumb(type.startsWith("dumb"));
        }
    }
}
