package io.influxupgrade.shell;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.launch.LaunchObjects;
import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.render.Output;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The process-wide objects: one workspace (session context) and one output, shared by all adapters. */
@Configuration(proxyBeanMethods = false)
public class ShellBeans {

    /** The workspace {@link EarlyPrompt} opened before the context, or else a new one. */
    @Bean(destroyMethod = "close")
    Workspace workspace(LaunchOptions options, ObjectProvider<EarlyPrompt> early) {
        EarlyPrompt shown = early.getIfAvailable();
        return shown != null ? shown.workspace() : LaunchObjects.workspace(options);
    }

    /** The output {@link EarlyPrompt} printed with, or else a new one. */
    @Bean
    Output output(LaunchOptions options, ObjectProvider<EarlyPrompt> early) {
        EarlyPrompt shown = early.getIfAvailable();
        return shown != null ? shown.output() : LaunchObjects.output(options);
    }
}
