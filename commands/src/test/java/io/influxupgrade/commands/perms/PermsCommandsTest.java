package io.influxupgrade.commands.perms;

import io.influxupgrade.commands.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PermsCommandsTest {

    @TempDir
    Path tmp;

    /** The current user and group, so the test runs as any user; a second account is needed only for the owner case. */
    static String[] me(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        return new String[] {a.owner().getName(), a.group().getName()};
    }

    @Test
    void checkFailsOnAnUnusableModeAndFixRepairsItAfterADryRun() throws IOException {
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        Path data = Files.createDirectories(tmp.resolve("data/db/autogen/1"));
        Path wal = Files.createDirectories(tmp.resolve("wal"));
        Files.writeString(meta.resolve("meta.db"), "x");
        Files.setAttribute(meta.resolve("meta.db"), "unix:mode", 0044);
        String[] me = me(meta);
        PermsCheckCommand.PermsReport rep = new PermsCheckCommand().run(new PermsCheckCommand.Request(me[0], me[1], meta, tmp.resolve("data"), wal));
        assertThat(rep.failed()).isTrue();
        assertThat(rep.findings()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(meta.resolve("meta.db").toString());
            assertThat(f.problem()).contains("mode 0044");
        });
        PermsFixCommand.PermsFix dry = new PermsFixCommand().run(new PermsFixCommand.Request(me[0], me[1], meta, tmp.resolve("data"), wal, true));
        assertThat(dry.actions()).containsExactly("chmod 0644 " + meta.resolve("meta.db"));
        assertThat((Integer) Files.getAttribute(meta.resolve("meta.db"), "unix:mode") & 0777).isEqualTo(0044);
        PermsFixCommand.PermsFix fix = new PermsFixCommand().run(new PermsFixCommand.Request(me[0], me[1], meta, tmp.resolve("data"), wal, false));
        assertThat(fix.after().failed()).isFalse();
        assertThat((Integer) Files.getAttribute(meta.resolve("meta.db"), "unix:mode") & 0777).isEqualTo(0644);
    }

    @Test
    void wrongOwnerIsFoundAndChownedWhenRunningAsRoot() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        ServiceAccount influx;
        try {
            influx = ServiceAccount.resolve("influxdb", "influxdb");
        } catch (UpgradeException e) {
            assumeTrue(false, "no influxdb user on this machine");
            return;
        }
        Path meta = Files.createDirectories(tmp.resolve("meta"));
        Files.writeString(meta.resolve("meta.db"), "x");
        PermsCheckCommand.PermsReport rep = new PermsCheckCommand().run(new PermsCheckCommand.Request(null, null, meta, null, null));
        assertThat(rep.failed()).isTrue();
        assertThat(rep.failureSummary()).contains("owner root is not influxdb");
        PermsFixCommand.PermsFix fix = new PermsFixCommand().run(new PermsFixCommand.Request(null, null, meta, null, null, false));
        assertThat(fix.actions()).contains("chown influxdb:influxdb " + meta, "chown influxdb:influxdb " + meta.resolve("meta.db"));
        assertThat(Files.getOwner(meta.resolve("meta.db")).getName()).isEqualTo(influx.user().getName());
        assertThat(fix.after().failed()).isFalse();
    }

    @Test
    void aMissingUserIsAClearError() {
        assertThatThrownBy(() -> new PermsCheckCommand().run(new PermsCheckCommand.Request("no-such-user-xyz", null, tmp, null, null)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY);
                    assertThat(e.getMessage()).contains("no-such-user-xyz").contains("does not exist");
                });
    }
}
