package io.influxupgrade.shell.command;

import io.influxupgrade.commands.backup.BackupCleanupCommand;
import io.influxupgrade.commands.backup.PendingOperations;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.launch.StartupHook;
import io.influxupgrade.shell.render.Output;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * On start-up, with a current session (read, not opened or locked): warns (stderr) about a backup or restore that was interrupted (the engine's
 * {@code pending.json} in the backup root, or leftover {@code .partial} folders and temp files) and names the command
 * that resumes it and {@code backup cleanup}. Runs nothing itself.
 */
@Component
public class InterruptedOperationNotice implements StartupHook {

    @Override
    public boolean runsBeforeEarlyPrompt() {
        return true;
    }

    @Override
    public List<List<String>> beforeFirstCommand(LaunchOptions options, Workspace workspace, Output output) {
        try {
            List<String> cmd = options.command();
            if (cmd != null && cmd.size() >= 2 && cmd.get(0).equals("backup") && cmd.get(1).equals("cleanup")) {
                return List.of(); // about to do what the notice would offer
            }
            // Peek at the session without opening it: opening here would take its lock before the first command and
            // turn a corrupt or locked session file into a silent "no session" for that command.
            String name = options.session() != null ? options.session() : workspace.store().current();
            if (name == null || !workspace.store().exists(name)) {
                return List.of();
            }
            UpgradeSession s;
            try {
                s = workspace.store().load(name);
            } catch (RuntimeException e) {
                return List.of(); // the first command that needs the session reports it
            }
            Path root = s.getBackupRoot() != null ? Path.of(s.getBackupRoot()) : workspace.store().dir(name).resolve("backups");
            Optional<PendingOperations.Interrupted> pending = BackupCleanupCommand.pending(root);
            pending.ifPresent(p -> {
                output.warn(p.offer());
                p.leftovers().forEach(l -> output.warn("  leftover: " + l));
            });
        } catch (RuntimeException e) {
            output.warn("could not check for an interrupted backup or restore: " + e.getMessage());
        }
        return List.of();
    }
}
