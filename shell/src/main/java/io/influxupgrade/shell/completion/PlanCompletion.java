package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.plan.PlanCommand;
import io.influxupgrade.commands.plan.PlanStep;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.command.PreflightChecks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.util.List;

/** Completion for step ids and check ids, and the "[done/total]" part of the prompt. */
@Configuration(proxyBeanMethods = false)
public class PlanCompletion {

    @Bean
    CompletionProvider operatorSteps(Workspace ws) {
        return ctx -> {
            if (!ws.hasSession()) {
                return List.of();
            }
            return new PlanCommand().steps(ws.session()).stream().filter(s -> s.kind() == PlanStep.Kind.OPERATOR)
                    .map(s -> new CompletionProposal(s.id()).description(s.title())).toList();
        };
    }

    @Bean
    CompletionProvider checkIds(PreflightChecks checks) {
        return ctx -> checks.all().stream().map(c -> new CompletionProposal(c.id()).description(c.description())).toList();
    }

    @Bean
    CompletionProvider playbooks() {
        return ctx -> io.influxupgrade.commands.recover.RecoverCommand.PLAYBOOKS.stream().map(CompletionProposal::new).toList();
    }

    @Bean
    CompletionProvider reportFormats() {
        return ctx -> List.of(new CompletionProposal("md"), new CompletionProposal("json"));
    }
}
