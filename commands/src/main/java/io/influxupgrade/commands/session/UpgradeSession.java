package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one upgrade: paths, versions, backups made ({@link BackupRecord}s), steps done, baselines and the server
 * connection (never its password). Saved as JSON after every state-changing command.
 */
public final class UpgradeSession {

    /** Bumped when the JSON layout changes incompatibly. */
    public static final int FORMAT = 1;

    private int format = FORMAT;
    private String name;
    private Instant createdAt;
    private String fromVersion;
    private String toVersion;
    private String configFile;
    /** The config 'config migrate' wrote for the target from the session's config (null until then). */
    private String migratedConfig;
    private String metaDir;
    private String dataDir;
    private String walDir;
    private String serviceUser = "influxdb";
    private String serviceGroup = "influxdb";
    private String backupRoot;
    private String targetIndex;
    private ConnectionInfo connection;
    private List<BackupRecord> backups = new ArrayList<>();
    private Map<String, StepRecord> steps = new LinkedHashMap<>();
    private Map<String, String> baselines = new LinkedHashMap<>();

    /** The server connection without its secret; the password comes from a prompt, env or file each time. */
    public record ConnectionInfo(String url, String username, String passwordFile, boolean insecureSkipVerify,
                                 long timeoutMillis) {
    }

    /** A step of the plan marked done, by a command or by the operator with {@code done STEP}. */
    public record StepRecord(String id, Instant doneAt, String by, String note) {
    }

    public UpgradeSession() {
    }

    public UpgradeSession(String name, Instant createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    public InfluxVersion from() {
        return fromVersion == null ? null : InfluxVersion.parse(fromVersion);
    }

    public InfluxVersion to() {
        return toVersion == null ? InfluxVersion.V1_4 : InfluxVersion.parse(toVersion);
    }

    /** Which of the two official procedures applies. */
    public UpgradePath upgradePath() {
        return UpgradePath.of(from(), to());
    }

    /** The HTTP port of the session's server (from the connection URL), 8086 by default. */
    public int httpPort() {
        if (connection != null && connection.url() != null) {
            try {
                int p = java.net.URI.create(connection.url()).getPort();
                if (p > 0) {
                    return p;
                }
            } catch (IllegalArgumentException e) {
                // not a URL: the default port
            }
        }
        return 8086;
    }

    /** The id of the newest verified backup of a kind, or null. */
    public String latestVerifiedBackup(BackupKind kind) {
        return backups.stream().filter(b -> b.verified() && b.kind() == kind)
                .max(java.util.Comparator.comparing(BackupRecord::createdAt)).map(BackupRecord::id).orElse(null);
    }

    public BackupRecord backup(String id) {
        return backups.stream().filter(b -> b.id().equals(id)).findFirst().orElse(null);
    }

    public void addBackup(BackupRecord record) {
        backups.removeIf(b -> b.id().equals(record.id()));
        backups.add(record);
    }

    public void markStep(StepRecord step) {
        steps.put(step.id(), step);
    }

    public boolean stepDone(String id) {
        return steps.containsKey(id);
    }

    /** The version installed now: the target once the operator confirmed 'done install-binary', else the old one. */
    public InfluxVersion installed() {
        return stepDone("install-binary") ? to() : from();
    }

    // --- plain accessors (Jackson uses them) ---

    public int getFormat() {
        return format;
    }

    public void setFormat(int format) {
        this.format = format;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public String getFromVersion() {
        return fromVersion;
    }

    public void setFromVersion(String fromVersion) {
        this.fromVersion = fromVersion;
    }

    public String getToVersion() {
        return toVersion;
    }

    public void setToVersion(String toVersion) {
        this.toVersion = toVersion;
    }

    public String getMigratedConfig() {
        return migratedConfig;
    }

    public void setMigratedConfig(String migratedConfig) {
        this.migratedConfig = migratedConfig;
    }

    /**
     * The series index the target should run with: {@code tsi1} or {@code inmem}; unset means tsi1 for a 1.5+ target (the
     * plan converts the shards) and inmem for 1.4 (where TSI is experimental).
     */
    public String index() {
        if (!to().atLeast(1, 5)) {
            return "inmem";
        }
        return targetIndex != null ? targetIndex : "tsi1";
    }

    public String getTargetIndex() {
        return targetIndex;
    }

    public void setTargetIndex(String targetIndex) {
        this.targetIndex = targetIndex;
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public String getMetaDir() {
        return metaDir;
    }

    public void setMetaDir(String metaDir) {
        this.metaDir = metaDir;
    }

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public String getWalDir() {
        return walDir;
    }

    public void setWalDir(String walDir) {
        this.walDir = walDir;
    }

    public String getServiceUser() {
        return serviceUser;
    }

    public void setServiceUser(String serviceUser) {
        this.serviceUser = serviceUser;
    }

    public String getServiceGroup() {
        return serviceGroup;
    }

    public void setServiceGroup(String serviceGroup) {
        this.serviceGroup = serviceGroup;
    }

    public String getBackupRoot() {
        return backupRoot;
    }

    public void setBackupRoot(String backupRoot) {
        this.backupRoot = backupRoot;
    }

    public ConnectionInfo getConnection() {
        return connection;
    }

    public void setConnection(ConnectionInfo connection) {
        this.connection = connection;
    }

    public List<BackupRecord> getBackups() {
        return backups;
    }

    public void setBackups(List<BackupRecord> backups) {
        this.backups = backups == null ? new ArrayList<>() : new ArrayList<>(backups);
    }

    public Map<String, StepRecord> getSteps() {
        return steps;
    }

    public void setSteps(Map<String, StepRecord> steps) {
        this.steps = steps == null ? new LinkedHashMap<>() : new LinkedHashMap<>(steps);
    }

    public Map<String, String> getBaselines() {
        return baselines;
    }

    public void setBaselines(Map<String, String> baselines) {
        this.baselines = baselines == null ? new LinkedHashMap<>() : new LinkedHashMap<>(baselines);
    }
}
