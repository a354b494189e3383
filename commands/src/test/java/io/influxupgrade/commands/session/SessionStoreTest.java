package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.testing.InstallDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStoreTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    InstallDirs dirs;

    @BeforeEach
    void dirs() throws Exception {
        dirs = InstallDirs.create(tmp.resolve("var"));
    }

    private SessionNewCommand.Request request(String name, String from) {
        return new SessionNewCommand.Request(name, InfluxVersion.parse(from), null, null, dirs.meta(), dirs.data(), dirs.wal(), null, null, null);
    }

    @Test
    void savedSessionRoundTripsWithBackupsStepsAndConnection() {
        try (Workspace ws = new Workspace(tmp.resolve("home"), CLOCK)) {
            UpgradeSession s = new SessionNewCommand().run(ws, request("prod", "0.11.1"));
            s.addBackup(new BackupRecord("b1", BackupKind.parse("meta-dir"), "/x", CLOCK.instant(), 10, 2, true, "abc", null, null, null));
            s.markStep(new UpgradeSession.StepRecord("backup-meta-dir", CLOCK.instant(), "backup meta-dir", null));
            s.setConnection(new UpgradeSession.ConnectionInfo("http://127.0.0.1:8086", "admin", null, false, 5000));
            ws.save();
        }
        UpgradeSession back = new SessionStore(tmp.resolve("home")).load("prod");
        assertThat(back.getFromVersion()).isEqualTo("0.11.1");
        assertThat(back.getToVersion()).isEqualTo("1.4");
        assertThat(back.upgradePath()).isEqualTo(UpgradePath.RAFT_ERA);
        assertThat(back.getBackups()).extracting(BackupRecord::id).containsExactly("b1");
        assertThat(back.stepDone("backup-meta-dir")).isTrue();
        assertThat(back.getConnection().username()).isEqualTo("admin");
        assertThat(back.getCreatedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void sessionFilesArePrivate() throws Exception {
        try (Workspace ws = new Workspace(tmp.resolve("home"), CLOCK)) {
            new SessionNewCommand().run(ws, request("prod", "1.3"));
        }
        Path dir = tmp.resolve("home/sessions/prod");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("session.json")))).isEqualTo("rw-------");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void corruptFileIsReportedWithItsPathAndNotRewritten() throws Exception {
        SessionStore store = new SessionStore(tmp.resolve("home"));
        Path f = store.file("prod");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"name\":\"prod\",\n \"backups\": {oops");
        byte[] before = Files.readAllBytes(f);

        assertThatThrownBy(() -> store.load("prod"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED))
                .hasMessageContaining(f.toString()).hasMessageContaining("line 2").hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
    }

    @Test
    void aSessionFromANewerToolIsRefused() throws Exception {
        SessionStore store = new SessionStore(tmp.resolve("home"));
        Files.createDirectories(store.dir("prod"));
        Files.writeString(store.file("prod"), "{\"name\":\"prod\",\"format\":99}");
        assertThatThrownBy(() -> store.load("prod")).hasMessageContaining("newer version");
    }

    @Test
    void secondOpenOfTheSameSessionIsRefusedUntilTheFirstCloses() {
        try (Workspace a = new Workspace(tmp.resolve("home"), CLOCK)) {
            new SessionNewCommand().run(a, request("prod", "1.3"));
            try (Workspace b = new Workspace(tmp.resolve("home"), CLOCK)) {
                assertThatThrownBy(() -> b.open("prod"))
                        .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY))
                        .hasMessageContaining("open in another shell (pid " + ProcessHandle.current().pid() + ")");
                a.close();
                assertThat(b.open("prod").getName()).isEqualTo("prod");
            }
        }
    }

    @Test
    void lastSessionIsReopenedLazily() {
        try (Workspace a = new Workspace(tmp.resolve("home"), CLOCK)) {
            new SessionNewCommand().run(a, request("prod", "1.3"));
        }
        try (Workspace b = new Workspace(tmp.resolve("home"), CLOCK)) {
            b.openLazily(b.store().current());
            assertThat(b.session().getName()).isEqualTo("prod");
        }
    }

    @Test
    void invalidNamesAndDuplicatesAreUsageErrors() {
        try (Workspace ws = new Workspace(tmp.resolve("home"), CLOCK)) {
            assertThatThrownBy(() -> new SessionNewCommand().run(ws, request("../evil", "1.3")))
                    .hasMessageContaining("not a valid session name");
            new SessionNewCommand().run(ws, request("prod", "1.3"));
            assertThatThrownBy(() -> new SessionNewCommand().run(ws, request("prod", "1.3")))
                    .hasMessageContaining("already exists");
        }
    }

    @Test
    void pathsComeFromTheConfigFileAndMissingOnesNameTheOption() throws Exception {
        Path conf = tmp.resolve("influxdb.conf");
        Files.writeString(conf, """
                reporting-disabled = true
                [meta]
                  dir = "%s"
                [data]
                  dir = "%s"
                  wal-dir = "%s"
                [[graphite]]
                  enabled = false
                """.formatted(dirs.meta(), dirs.data(), dirs.wal()));
        try (Workspace ws = new Workspace(tmp.resolve("home"), CLOCK)) {
            UpgradeSession s = new SessionNewCommand().run(ws, new SessionNewCommand.Request("c", InfluxVersion.parse("1.2"), InfluxVersion.V1_4, conf,
                    null, null, null, "influx", null, null));
            assertThat(s.getMetaDir()).isEqualTo(dirs.meta().toString());
            assertThat(s.getWalDir()).isEqualTo(dirs.wal().toString());
            assertThat(s.getServiceGroup()).isEqualTo("influx");

            Path noWal = tmp.resolve("nowal.conf");
            Files.writeString(noWal, "[meta]\ndir = \"%s\"\n[data]\ndir = \"%s\"\n".formatted(dirs.meta(), dirs.data()));
            assertThatThrownBy(() -> new SessionNewCommand().run(ws, new SessionNewCommand.Request("d", InfluxVersion.parse("1.2"), null, noWal,
                    null, null, null, null, null, null)))
                    .hasMessageContaining("set --wal-dir").hasMessageContaining("has no [data] wal-dir");

            Path bad = tmp.resolve("bad.conf");
            Files.writeString(bad, "[meta]\ndir = \"unterminated\n");
            assertThatThrownBy(() -> new SessionNewCommand().run(ws, new SessionNewCommand.Request("e", InfluxVersion.parse("1.2"), null, bad,
                    null, null, null, null, null, null)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED))
                    .hasMessageContaining("malformed TOML").hasMessageContaining(bad + ":2:");
        }
    }

    @Test
    void versionsAreValidated() {
        try (Workspace ws = new Workspace(tmp.resolve("home"), CLOCK)) {
            assertThatThrownBy(() -> new SessionNewCommand().run(ws, request("a", "2.0"))).hasMessageContaining("not supported");
            assertThatThrownBy(() -> new SessionNewCommand().run(ws, request("a", "banana"))).hasMessageContaining("not an InfluxDB version");
            assertThatThrownBy(() -> new SessionNewCommand().run(ws, new SessionNewCommand.Request("a", InfluxVersion.parse("1.5"), InfluxVersion.V1_4, null, dirs.meta(), dirs.data(), dirs.wal(), null, null, null)))
                    .hasMessageContaining("not older");
        }
    }

    @Test
    void sessionShowNamesTheTargetIndex() {
        try (Workspace ws = new Workspace(tmp.resolve("home"), CLOCK)) {
            new SessionNewCommand().run(ws, request("prod", "1.3.9"));
            assertThat(new SessionShowCommand().run(ws).targetIndex()).isEqualTo("inmem"); // a 1.4 target
            new SessionSetCommand().run(ws, new SessionSetCommand.Request("to", "1.8"));
            assertThat(new SessionShowCommand().run(ws).targetIndex()).isEqualTo("tsi1");
            new SessionSetCommand().run(ws, new SessionSetCommand.Request("index", "inmem"));
            assertThat(new SessionShowCommand().run(ws).targetIndex()).isEqualTo("inmem");
        }
    }
}
