package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.backup.Via;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;

import java.util.Arrays;
import java.util.List;

/**
 * Completion for the backup and restore commands: the backup ids the open session recorded (newest last) and the
 * {@code --via} values. Reads the session only; never throws.
 */
@Configuration(proxyBeanMethods = false)
public class BackupCompletion {

    @Bean
    CompletionProvider backupIds(Workspace workspace) {
        return ctx -> ids(workspace).stream().map(CompletionProposal::new).toList();
    }

    @Bean
    CompletionProvider viaValues() {
        return ctx -> Arrays.stream(Via.values()).map(v -> new CompletionProposal(v.label())).toList();
    }

    /** The ids of the backups the open session recorded (empty without a session). */
    public static List<String> ids(Workspace workspace) {
        try {
            if (!workspace.hasSession()) {
                return List.of();
            }
            UpgradeSession s = workspace.session();
            return s.getBackups().stream().map(BackupRecord::id).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
