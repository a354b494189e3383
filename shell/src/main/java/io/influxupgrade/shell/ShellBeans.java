package io.influxupgrade.shell;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.Style;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The process-wide objects: one workspace (session context) and one output, shared by all adapters. */
@Configuration(proxyBeanMethods = false)
public class ShellBeans {

    @Bean(destroyMethod = "close")
    Workspace workspace(LaunchOptions options) {
        return newWorkspace(options);
    }

    @Bean
    Output output(LaunchOptions options) {
        return newOutput(options);
    }

    /** The workspace for these options (also used by the start-up path without Spring). */
    public static Workspace newWorkspace(LaunchOptions options) {
        return new Workspace(options.home(), Clock.systemUTC());
    }

    /** The output for these options (also used by the start-up path without Spring). */
    public static Output newOutput(LaunchOptions options) {
        boolean tty = System.console() != null;
        boolean color = !options.noColor() && !options.json() && tty;
        Output output = new Output(options.json(), new Style(color),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        output.width(options.wide() ? 0 : Output.PIPE_WIDTH);
        return output;
    }
}
