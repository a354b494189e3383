package io.influxupgrade.commands;

/**
 * The ids of the plan steps that a command of the shell completes (the plan names the same ids in its step list;
 * operator steps are confirmed with {@code done STEP} and need no constant here).
 */
public final class StepIds {

    public static final String PREFLIGHT = "preflight";
    public static final String BACKUP_META_DIR = "backup-meta-dir";
    public static final String BACKUP_METASTORE = "backup-metastore";
    public static final String VERIFY_BASELINE = "verify-baseline";
    public static final String RESTORE_METASTORE = "restore-metastore";
    public static final String PERMS_FIX = "perms-fix";
    public static final String CONFIG_MIGRATE = "config-migrate";
    public static final String VERIFY_COMPARE = "verify-compare";
    public static final String TSI_CONVERT = "tsi-convert";
    public static final String BACKUP_PORTABLE = "backup-portable";

    private StepIds() {
    }
}
