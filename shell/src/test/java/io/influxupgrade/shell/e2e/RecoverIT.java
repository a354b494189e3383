package io.influxupgrade.shell.e2e;

import io.influxupgrade.commands.testing.InstallDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the real jar: a pending restore is announced at every start and blocks 'backup cleanup' until it is finished. */
class RecoverIT {

    @TempDir
    Path tmp;

    private ShellProcess.Run session(ShellProcess shell) throws Exception {
        InstallDirs dirs = InstallDirs.create(tmp);
        Path conf = tmp.resolve("influxdb.conf");
        Files.writeString(conf, "reporting-disabled = true\n" + String.join("\n", dirs.configLines()) + "\n");
        return shell.feed("session new a --from 0.11 --config " + conf + "\n");
    }

    @Test
    void aPendingRestoreIsAnnouncedAtStartAndCleanupRefusesUntilItIsFinished() throws Exception {
        Path home = tmp.resolve("home");
        ShellProcess shell = new ShellProcess(home);
        ShellProcess.Run made = session(shell);
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        Path root = Files.createDirectories(home.resolve("sessions/a/backups"));
        String resume = "run 'restore meta-dir --from meta-dir-20260101T000000Z' again";
        Files.writeString(root.resolve("pending.json"), "{\"op\":\"restore meta-dir\",\"id\":\"meta-dir-20260101T000000Z\","
                + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"pid\":1,\"backupRoot\":\"" + root + "\",\"source\":\"meta-dir-20260101T000000Z\","
                + "\"target\":\"" + tmp.resolve("meta") + "\",\"plan\":[\"safety backup: meta-dir-20260101T000100Z\"],\"resume\":\"" + resume + "\"}");
        Path batch = tmp.resolve("b.batch");
        Files.writeString(batch, "status\nbackup cleanup\n");

        ShellProcess.Run r = shell.run("--keep-going", "--script", batch.toString());
        assertThat(r.stderr()).contains("interrupted: restore meta-dir").contains(resume).contains("refuses until it is finished");
        assertThat(r.stderr()).contains(batch + ":2: error: backup cleanup: restore meta-dir").contains("unfinished")
                .contains("safety backup: meta-dir-20260101T000100Z").contains(resume).doesNotContain("Exception");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(root.resolve("pending.json")).exists();

        Files.delete(root.resolve("pending.json")); // the restore finished
        ShellProcess.Run after = shell.run("--script", batch.toString());
        assertThat(after.exitCode()).as(after.stderr()).isZero();
        assertThat(after.stderr()).doesNotContain("interrupted");
    }
}
