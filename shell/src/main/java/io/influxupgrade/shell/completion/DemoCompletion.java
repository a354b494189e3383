package io.influxupgrade.shell.completion;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.util.List;

/** Completion for {@code demo create --layout}: the two layouts a sandbox can imitate. */
@Configuration(proxyBeanMethods = false)
public class DemoCompletion {

    @Bean
    CompletionProvider demoLayouts() {
        return ctx -> List.of(new CompletionProposal("0.11"), new CompletionProposal("1.3"));
    }
}
