package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.shard.DataDirScanner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Completion of {@code --db}, {@code --rp} and {@code --id} for the shard commands, from directory listings of the data
 * dir ({@code --data-dir} on the line, else the session's) and nothing else; {@code --rp} and {@code --id} narrow to
 * the {@code --db}/{@code --rp} already typed. Never throws: a missing or unreadable dir offers nothing.
 */
@Configuration(proxyBeanMethods = false)
public class ShardCompletion {

    /** The values of {@code shard list --engine}. */
    public static final List<String> ENGINES = List.of("tsm1", "b1", "bz1", "unknown");

    private static final SortedMap<String, SortedMap<String, SortedSet<Long>>> NONE = new TreeMap<>();

    @Bean
    CompletionProvider shardDbs(Workspace ws) {
        return guarded(ws, (ctx, names) -> names.keySet().stream().map(CompletionProposal::new).toList());
    }

    @Bean
    CompletionProvider shardRps(Workspace ws) {
        return guarded(ws, (ctx, names) -> {
            String db = typed(ctx, "db");
            SortedSet<String> rps = new TreeSet<>();
            names.forEach((d, byRp) -> {
                if (db == null || db.equals(d)) {
                    rps.addAll(byRp.keySet());
                }
            });
            return rps.stream().map(CompletionProposal::new).toList();
        });
    }

    @Bean
    CompletionProvider shardIds(Workspace ws) {
        return guarded(ws, (ctx, names) -> {
            String db = typed(ctx, "db");
            String rp = typed(ctx, "rp");
            List<CompletionProposal> out = new ArrayList<>();
            names.forEach((d, byRp) -> {
                if (db == null || db.equals(d)) {
                    byRp.forEach((r, ids) -> {
                        if (rp == null || rp.equals(r)) {
                            ids.forEach(id -> out.add(new CompletionProposal(Long.toUnsignedString(id)).description(d + "/" + r)));
                        }
                    });
                }
            });
            return out;
        });
    }

    @Bean
    CompletionProvider shardEngines() {
        return ctx -> ENGINES.stream().map(CompletionProposal::new).toList();
    }

    private interface NamesCompletion {
        List<CompletionProposal> apply(CompletionContext ctx, SortedMap<String, SortedMap<String, SortedSet<Long>>> names);
    }

    /** Runs a completion over the data dir's names; any failure (no session, unreadable dir, odd input) offers nothing. */
    private static CompletionProvider guarded(Workspace ws, NamesCompletion completion) {
        return ctx -> {
            try {
                return completion.apply(ctx, names(ws, ctx));
            } catch (RuntimeException e) {
                return List.of();
            }
        };
    }

    private static SortedMap<String, SortedMap<String, SortedSet<Long>>> names(Workspace ws, CompletionContext ctx) {
        String dir = typed(ctx, "data-dir");
        if (dir == null) {
            if (!ws.hasSession() || ws.session().getDataDir() == null) {
                return NONE;
            }
            dir = ws.session().getDataDir();
        }
        return DataDirScanner.names(Path.of(dir));
    }

    /** The value given to {@code --name} earlier on the line (not the word being completed), or null. */
    static String typed(CompletionContext ctx, String name) {
        List<String> words = ctx.getWords();
        if (words == null) {
            return null;
        }
        String flag = "--" + name;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i == ctx.getWordIndex() || w == null) {
                continue;
            }
            if (w.startsWith(flag + "=")) {
                return w.substring(flag.length() + 1);
            }
            if (w.equals(flag) && i + 1 < words.size() && i + 1 != ctx.getWordIndex()) {
                String v = words.get(i + 1);
                return v == null || v.isEmpty() || v.startsWith("--") ? null : v;
            }
        }
        return null;
    }
}
