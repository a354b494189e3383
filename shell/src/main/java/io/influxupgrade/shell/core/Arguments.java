package io.influxupgrade.shell.core;

import io.influxupgrade.commands.UpgradeException;
import org.springframework.shell.command.CommandOption;
import org.springframework.shell.command.CommandRegistration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a command's words before Spring Shell binds them, and names every positional value explicitly.
 * <p>
 * Spring Shell 3.4 binds unnamed words to options by declaration order, whatever the option: {@code shard list
 * /data} silently meant {@code --db /data}, surplus words landed in the next options, and a flag placed before
 * the positional values ({@code meta diff --strict A B}) took {@code A} as its value. Here only options declared
 * with an explicit arity (our marker for "may be given without its name", e.g. {@code session open NAME}) take
 * unnamed words, in declaration order; any other unnamed word is a usage error that names it. Positional values
 * are then passed on as {@code --name value}, so flags may come before or after them. A boolean flag takes a
 * following {@code true}/{@code false} only.
 */
final class Arguments {

    private Arguments() {
    }

    /**
     * The words to evaluate: {@code commandWords} words of command name, then every option as {@code --name value}.
     * Returns {@code words} unchanged when it cannot judge them (an unknown option or {@code --name=value}: Spring
     * Shell reports those). Throws a usage error for an unnamed word that no option takes.
     */
    static List<String> normalise(String command, int commandWords, List<String> words, CommandRegistration reg) {
        List<CommandOption> options = reg.getOptions();
        List<String> named = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        Set<CommandOption> given = new HashSet<>();
        for (int i = commandWords; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("-") || w.equals("-")) {
                positional.add(w);
                continue;
            }
            CommandOption o = find(options, w);
            if (o == null) {
                return words;
            }
            given.add(o);
            named.add(w);
            if (isFlag(o)) {
                if (isBoolean(o) && i + 1 < words.size() && isBooleanWord(words.get(i + 1))) {
                    named.add(words.get(++i));
                }
            } else if (i + 1 < words.size() && find(options, words.get(i + 1)) == null) {
                named.add(words.get(++i));
            }
        }
        if (positional.isEmpty()) {
            return words;
        }
        List<CommandOption> slots = options.stream().filter(o -> takesUnnamed(o) && !given.contains(o))
                .sorted(Comparator.comparingInt(CommandOption::getPosition)).toList();
        List<String> out = new ArrayList<>(words.subList(0, commandWords));
        int p = 0;
        for (CommandOption slot : slots) {
            if (p == positional.size()) {
                break;
            }
            out.add("--" + slot.getLongNames()[0]);
            int take = Math.min(positional.size() - p, Math.max(1, slot.getArityMax()));
            out.addAll(positional.subList(p, p + take));
            p += take;
        }
        if (p < positional.size()) {
            throw UpgradeException.usage(command + ": unexpected argument '" + positional.get(p) + "' (" + hint(options, given, slots)
                    + "; see 'help " + command + "')");
        }
        out.addAll(named);
        return out;
    }

    private static String hint(List<CommandOption> options, Set<CommandOption> given, List<CommandOption> slots) {
        if (!slots.isEmpty() || options.stream().anyMatch(Arguments::takesUnnamed)) {
            List<String> labels = options.stream().filter(Arguments::takesUnnamed)
                    .sorted(Comparator.comparingInt(CommandOption::getPosition))
                    .map(o -> o.getLongNames()[0].toUpperCase(java.util.Locale.ROOT)).toList();
            return "it takes " + String.join(" ", labels) + " without a name; every other value needs its --option";
        }
        return options.stream().filter(o -> o.isRequired() && !given.contains(o)).findFirst()
                .map(o -> "did you mean --" + o.getLongNames()[0] + "? values need their --option")
                .orElse("values need their --option");
    }

    /** Options that may be given without their name: those declared with an explicit arity, and not flags. */
    static boolean takesUnnamed(CommandOption o) {
        return o.getArityMax() > 0 && !isFlag(o) && o.getLongNames().length > 0;
    }

    private static CommandOption find(List<CommandOption> options, String word) {
        for (CommandOption o : options) {
            if (word.startsWith("--")) {
                for (String n : o.getLongNames()) {
                    if (word.equals("--" + n)) {
                        return o;
                    }
                }
            } else if (word.length() == 2) {
                for (Character c : o.getShortNames()) {
                    if (word.charAt(1) == c) {
                        return o;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isFlag(CommandOption o) {
        Class<?> t = o.getType() == null ? null : o.getType().resolve();
        return t == null || t == void.class || t == Void.class || isBoolean(o);
    }

    private static boolean isBoolean(CommandOption o) {
        Class<?> t = o.getType() == null ? null : o.getType().resolve();
        return t == boolean.class || t == Boolean.class;
    }

    private static boolean isBooleanWord(String w) {
        return w.equalsIgnoreCase("true") || w.equalsIgnoreCase("false");
    }
}
