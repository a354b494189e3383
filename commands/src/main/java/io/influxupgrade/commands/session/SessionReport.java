package io.influxupgrade.commands.session;


import io.influxupgrade.commands.backup.model.BackupRecord;

import java.util.List;
import java.util.Map;

/**
 * What {@code session show} prints: the session's state and what the machine says about versions. {@code targetIndex}
 * is the series index the target runs with ({@code tsi1} or {@code inmem}: {@link UpgradeSession#index}).
 */
public record SessionReport(String name, String from, String to, String upgradePath, String targetIndex, String configFile,
                            String metaDir, String dataDir, String walDir, String serviceUser, String serviceGroup,
                            String backupRoot, Connection connection, List<BackupRecord> backups,
                            Map<String, UpgradeSession.StepRecord> steps, List<String> baselines, Detected detected,
                            List<String> warnings) {

    /** The server connection, never with a secret. */
    public record Connection(String url, String username, boolean passwordFromFile) {
    }

    /** The installed binary and the disk layout. */
    public record Detected(String binaryPath, String binaryVersion, String layout, String layoutEvidence) {
    }
}
