package io.influxupgrade.shell.completion;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.util.List;

/** Values for {@code tsi convert --index} and {@code check --to}. */
@Configuration(proxyBeanMethods = false)
public class TsiCompletion {

    @Bean
    CompletionProvider tsiIndexes() {
        return ctx -> List.of(new CompletionProposal("tsi1"), new CompletionProposal("inmem"));
    }

    @Bean
    CompletionProvider checkTargets() {
        return ctx -> List.of(new CompletionProposal("2.x"));
    }
}
