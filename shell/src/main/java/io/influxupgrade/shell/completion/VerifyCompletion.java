package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.verify.Baseline;
import io.influxupgrade.commands.verify.VerifyBaselineCommand;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Completion for the verify commands: database names from the session's latest baseline file (or its metastore) and the
 * session's baseline names. Reads files only; never calls InfluxDB on Tab, never throws.
 */
@Configuration(proxyBeanMethods = false)
public class VerifyCompletion {

    @Bean
    CompletionProvider databaseNames(Workspace workspace) {
        return ctx -> databases(workspace).stream().map(CompletionProposal::new).toList();
    }

    /** What {@code verify baseline --window} offers on Tab (any Go duration, Nd or Nw is accepted). */
    public static final List<String> WINDOWS = List.of("1h", "24h", "7d", "30d", "all");

    @Bean
    CompletionProvider pointWindows() {
        return ctx -> WINDOWS.stream().map(CompletionProposal::new).toList();
    }

    @Bean
    CompletionProvider baselineNames(Workspace workspace) {
        return ctx -> {
            UpgradeSession s = session(workspace);
            return s == null ? List.of() : s.getBaselines().keySet().stream().map(CompletionProposal::new).toList();
        };
    }

    /**
     * The database names of the open session's latest baseline file, else of the session's metastore (empty when
     * there is neither or it is unreadable).
     */
    public static List<String> databases(Workspace workspace) {
        UpgradeSession s = session(workspace);
        if (s == null) {
            return List.of();
        }
        if (s.getBaselines().isEmpty()) {
            return s.getMetaDir() == null ? List.of() : MetaSources.databaseNames(Path.of(s.getMetaDir()));
        }
        String file = null;
        for (Map.Entry<String, String> e : s.getBaselines().entrySet()) {
            file = e.getValue();
        }
        try {
            Baseline b = VerifyBaselineCommand.read(Path.of(file));
            List<String> names = new ArrayList<>();
            b.databases().forEach(d -> names.add(d.name()));
            return names;
        } catch (RuntimeException e) {
            return List.of(); // a missing or damaged file only means nothing to offer
        }
    }

    private static UpgradeSession session(Workspace workspace) {
        try {
            return workspace.hasSession() ? workspace.session() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
