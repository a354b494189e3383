package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Both restore reports fail exactly when something still differs, name the first difference, and say so in JSON. */
class RestoreVerdictTest {

    static final BackupRecord SAFETY = new BackupRecord("b1", BackupKind.META_DIR, "/b/b1", Instant.EPOCH, 1, 1, true, null,
            null, null, null);

    static RestoreMetaDirCommand.RollbackReport rollback(BackupRecord safety, List<String> differences) {
        return new RestoreMetaDirCommand.RollbackReport("b0", "/m", false, safety, List.of(), List.of(), 3, differences);
    }

    static RestoreMetastoreCommand.RestoreReport restore(List<String> differences) {
        return new RestoreMetastoreCommand.RestoreReport("/b/m1", "/m", Via.NATIVE, false, 7, 7, List.of(), List.of(),
                List.of(), differences, "decoded", null, null);
    }

    @Test
    void aRestoreWithoutDifferencesPasses() {
        for (RestoreVerdict v : List.of(rollback(SAFETY, List.of()), restore(List.of()))) {
            assertThat(v.failed()).isFalse();
            assertThat(v.failureSummary()).isEmpty();
            assertThat(Json.line(v)).contains("\"failed\":false");
        }
    }

    @Test
    void aRollbackThatStillDiffersNamesTheFirstDifferenceAndTheSafetyBackup() {
        RestoreVerdict v = rollback(SAFETY, List.of("meta.db differs", "node.json missing"));
        assertThat(v.failed()).isTrue();
        assertThat(v.failureSummary()).isEqualTo("restore meta-dir: /m does not match the backup after the rollback: "
                + "meta.db differs (the state before is in backup b1)");
        assertThat(rollback(null, List.of("meta.db differs")).failureSummary())
                .isEqualTo("restore meta-dir: /m does not match the backup after the rollback: meta.db differs");
        assertThat(Json.line(v)).contains("\"failed\":true");
    }

    @Test
    void aMetastoreRestoreThatDiffersNamesTheFirstDifferenceAndTheRollback() {
        RestoreVerdict v = restore(List.of("database telegraf missing", "user admin missing"));
        assertThat(v.failed()).isTrue();
        assertThat(v.failureSummary()).isEqualTo("restore metastore: the restored /m/meta.db differs from the backup: "
                + "database telegraf missing (roll back with 'restore meta-dir')");
        assertThat(Json.line(v)).contains("\"failed\":true");
    }
}
