package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.meta.MetaShowCommand;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.session.Workspace;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Completion for {@code meta show}: {@code --db} offers the database names of the metastore on disk (the SOURCE
 * typed on the line, else the session's meta dir), {@code --section} the section words. Reads files only,
 * never calls InfluxDB, never fails (an unreadable metastore offers nothing).
 */
@Configuration(proxyBeanMethods = false)
public class MetaCompletion {

    @Bean
    CompletionProvider metaDatabases(Workspace workspace) {
        return ctx -> {
            Path source = typedSource(ctx);
            if (source == null) {
                source = sessionMetaDir(workspace);
            }
            if (source == null) {
                return List.of();
            }
            return MetaSources.databaseNames(source).stream().map(CompletionProposal::new).toList();
        };
    }

    @Bean
    CompletionProvider metaSections() {
        return ctx -> Arrays.stream(MetaShowCommand.Section.values()).map(s -> new CompletionProposal(s.word())).toList();
    }

    private static Path sessionMetaDir(Workspace ws) {
        try {
            if (!ws.hasSession() || ws.session().getMetaDir() == null) {
                return null;
            }
            return Path.of(ws.session().getMetaDir());
        } catch (RuntimeException e) { // completion must never fail: a broken session offers nothing
            return null;
        }
    }

    /** SOURCE as typed on the line ({@code --source X} or the first positional word), or null (also for {@code live}). */
    static Path typedSource(CompletionContext ctx) {
        List<String> words = ctx.getWords();
        if (words == null) {
            return null;
        }
        String found = null;
        for (int i = 0; i < words.size(); i++) {
            if (i == ctx.getWordIndex()) {
                continue;
            }
            String w = words.get(i);
            if (w == null || w.isEmpty()) {
                continue;
            }
            if (w.equals("--source")) {
                found = i + 1 < words.size() && i + 1 != ctx.getWordIndex() ? words.get(i + 1) : null;
                break;
            }
            if (w.startsWith("--source=")) {
                found = w.substring("--source=".length());
                break;
            }
            if (w.startsWith("-")) {
                if (!w.contains("=")) {
                    i++; // every other 'meta show' option takes a value
                }
                continue;
            }
            if (found == null) {
                found = w;
            }
        }
        if (found == null || found.isBlank() || found.equalsIgnoreCase("live")) {
            return null;
        }
        try {
            return io.influxupgrade.commands.session.SessionPaths.typed(found);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
