package io.influxupgrade.shell.completion;

import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.command.CommandOption;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.completion.CompletionResolver;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Completes positional values ({@code session open pr<Tab>}): Spring Shell only completes a value after
 * its {@code --option}; this resolver finds the option the positional word maps to and asks its provider.
 */
@Component
public class PositionalCompletion implements CompletionResolver {

    @Override
    public List<CompletionProposal> apply(CompletionContext ctx) {
        CommandRegistration reg = ctx.getCommandRegistration();
        if (reg == null) {
            return List.of();
        }
        List<String> words = ctx.getWords();
        int idx = ctx.getWordIndex();
        String current = idx < words.size() ? words.get(idx) : "";
        if (current.startsWith("-")) {
            return List.of();
        }
        List<CommandOption> options = reg.getOptions();
        int positional = 0;
        for (int i = 0; i < idx && i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("-")) {
                CommandOption o = byName(options, w);
                if (o != null && !isFlag(o)) {
                    if (i + 1 == idx) {
                        return List.of(); // completing the value of --option: Spring Shell does that
                    }
                    i++;
                }
            } else {
                positional++;
            }
        }
        List<CommandOption> candidates = options.stream()
                .filter(o -> !isFlag(o) && o.getPosition() >= 0)
                .sorted(Comparator.comparingInt(CommandOption::getPosition))
                .toList();
        if (positional >= candidates.size()) {
            return List.of();
        }
        CommandOption target = candidates.get(positional);
        if (target.getCompletion() == null) {
            return List.of();
        }
        return target.getCompletion().apply(ctx.commandOption(target));
    }

    private static CommandOption byName(List<CommandOption> options, String word) {
        String name = word.replaceFirst("^-+", "");
        int eq = name.indexOf('=');
        if (eq >= 0) {
            name = name.substring(0, eq);
        }
        String n = name;
        return options.stream().filter(o -> Arrays.asList(o.getLongNames()).contains(n)).findFirst().orElse(null);
    }

    private static boolean isFlag(CommandOption o) {
        Class<?> t = o.getType() == null ? null : o.getType().resolve();
        return t == boolean.class || t == Boolean.class;
    }
}
