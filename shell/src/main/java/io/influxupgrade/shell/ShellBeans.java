package io.influxupgrade.shell;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.launch.LaunchObjects;
import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.render.Output;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The process-wide objects: one workspace (session context) and one output, shared by all adapters. */
@Configuration(proxyBeanMethods = false)
public class ShellBeans {

    @Bean(destroyMethod = "close")
    Workspace workspace(LaunchOptions options) {
        return LaunchObjects.workspace(options);
    }

    @Bean
    Output output(LaunchOptions options) {
        return LaunchObjects.output(options);
    }
}
