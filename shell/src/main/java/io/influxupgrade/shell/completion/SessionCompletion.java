package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.session.SessionSetCommand;
import io.influxupgrade.commands.session.Workspace;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.util.List;

/** Completion from the session store and the version list; reads files only, never calls InfluxDB. */
@Configuration(proxyBeanMethods = false)
public class SessionCompletion {

    /** Versions offered by completion: each known line and its last patch release. */
    public static final List<String> VERSIONS = List.of("0.10", "0.10.3", "0.11", "0.11.1", "0.12", "0.12.2", "0.13",
            "0.13.0", "1.0", "1.0.2", "1.1", "1.1.5", "1.2", "1.2.4", "1.3", "1.3.9", "1.4", "1.4.3", "1.5", "1.5.5",
            "1.6", "1.6.6", "1.7", "1.7.11", "1.8", "1.8.10");

    @Bean
    CompletionProvider sessionNames(Workspace workspace) {
        return ctx -> workspace.store().names().stream().map(CompletionProposal::new).toList();
    }

    @Bean
    CompletionProvider versions() {
        return ctx -> VERSIONS.stream().map(CompletionProposal::new).toList();
    }

    @Bean
    CompletionProvider sessionKeys() {
        return ctx -> SessionSetCommand.KEYS.stream().map(CompletionProposal::new).toList();
    }

    @Bean
    CompletionProvider formats() {
        return ctx -> List.of(new CompletionProposal("text"), new CompletionProposal("json"));
    }
}
