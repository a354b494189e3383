package io.influxupgrade.shell;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.shell.boot.CommandCatalogAutoConfiguration;
import org.springframework.shell.boot.CompleterAutoConfiguration;
import org.springframework.shell.boot.ExitCodeAutoConfiguration;
import org.springframework.shell.boot.LineReaderAutoConfiguration;
import org.springframework.shell.boot.ParameterResolverAutoConfiguration;
import org.springframework.shell.boot.ShellContextAutoConfiguration;
import org.springframework.shell.boot.SpringShellAutoConfiguration;
import org.springframework.shell.boot.StandardAPIAutoConfiguration;
import org.springframework.shell.boot.StandardCommandsAutoConfiguration;
import org.springframework.shell.boot.ThemingAutoConfiguration;
import org.springframework.shell.boot.UserConfigAutoConfiguration;
import org.springframework.shell.command.annotation.CommandScan;

/**
 * The Spring Shell context: command adapters, completion providers and the runner. Only the
 * auto-configurations the shell uses are imported (not the whole classpath scan), which is what keeps
 * start-up fast enough for scripts. {@code JLineShellAutoConfiguration} and {@code JLineAutoConfiguration} are
 * replaced by {@link TerminalSetup}.
 */
@SpringBootConfiguration
@ComponentScan
@CommandScan
@ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        ExitCodeAutoConfiguration.class,
        ShellContextAutoConfiguration.class,
        SpringShellAutoConfiguration.class,
        CommandCatalogAutoConfiguration.class,
        LineReaderAutoConfiguration.class,
        CompleterAutoConfiguration.class,
        UserConfigAutoConfiguration.class,
        ParameterResolverAutoConfiguration.class,
        StandardAPIAutoConfiguration.class,
        ThemingAutoConfiguration.class,
        StandardCommandsAutoConfiguration.class})
public class ShellApplication {
}
