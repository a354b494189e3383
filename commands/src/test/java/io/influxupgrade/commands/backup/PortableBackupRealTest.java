package io.influxupgrade.commands.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Portable backups through the shell's engine on the real 1.6.7 (issue 18 item 4): made, verified, restored. */
@RealInfluxd
class PortableBackupRealTest {

    /** The point count; right after a restore the server reopens the shards ("engine is closed", "shard is disabled"), so it is asked again for up to 10 s. */
    static long count(InfluxdServer server, String db) throws Exception {
        String answer = null;
        for (int i = 0; answer == null; i++) {
            try {
                answer = server.query("SELECT count(amount) FROM sales", db);
            } catch (IllegalStateException e) {
                if (!(e.getMessage().contains("engine is closed") || e.getMessage().contains("shard is disabled")) || i >= 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        JsonNode r = Json.mapper().readTree(answer);
        JsonNode v = r.path("results").path(0).path("series").path(0).path("values").path(0).path(1);
        return v.isMissingNode() ? 0 : v.asLong();
    }

    @Test
    void aPortableBackupIsMadeVerifiedAndRestoredIntoTheRunningServer(InfluxdServer server) throws Exception {
        server.query("CREATE DATABASE shop");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("sales,store=s").append(i % 7).append(" amount=").append(i).append(' ').append(1_600_000_000_000_000_000L + i * 60_000_000_000L).append('\n');
        }
        server.write("shop", "autogen", sb.toString());
        long before = count(server, "shop");
        assertThat(before).isEqualTo(500);
        Path influxd = InfluxdServer.findInfluxd().orElseThrow();
        Path root = server.root().resolve("backups");

        BackupRecord b = new PortableBackupCommand().run(new PortableBackupCommand.Request(root, influxd, server.bindAddress(), null, server.dataDir()));
        assertThat(b.kind()).isEqualTo(BackupKind.PORTABLE);
        assertThat(b.verified()).isTrue();
        assertThat(b.detail()).contains("-portable").contains("shard archive(s), all decoded");
        Path files = Path.of(b.path()).resolve(Manifest.FILES_DIR);
        List<String> names;
        try (Stream<Path> s = Files.list(files)) {
            names = s.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(names).anyMatch(n -> n.endsWith(".manifest")).anyMatch(n -> n.endsWith(".meta")).anyMatch(n -> n.endsWith(".tar.gz"));
        for (String n : names) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.resolve(n)))).isEqualTo("rw-------");
        }
        assertThat(BackupVerifier.verify(Path.of(b.path()), b.manifestSha256()).failed()).isFalse();

        // a manifest that is not the one recorded when the backup was made is refused before anything is sent
        assertThatThrownBy(() -> new PortableRestoreCommand().run(new PortableRestoreCommand.Request(Path.of(b.path()),
                "0".repeat(64), influxd, server.bindAddress(), null, null, false)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY))
                .hasMessageContaining("recorded in the session");

        // the database is still there: the server refuses it, and the refusal names --newdb
        assertThatThrownBy(() -> new PortableRestoreCommand().run(new PortableRestoreCommand.Request(Path.of(b.path()),
                b.manifestSha256(), influxd, server.bindAddress(), "shop", null, false)))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(UpgradeException.Kind.NOT_READY))
                .hasMessageContaining("--newdb");

        PortableRestoreCommand.PortableRestore copy = new PortableRestoreCommand().run(new PortableRestoreCommand.Request(Path.of(b.path()),
                b.manifestSha256(), influxd, server.bindAddress(), "shop", "shop_copy", false));
        assertThat(copy.command()).contains("-portable", "-newdb", "shop_copy");
        assertThat(count(server, "shop_copy")).isEqualTo(before);

        server.query("DROP DATABASE shop");
        assertThat(server.query("SHOW DATABASES")).doesNotContain("\"shop\"");
        new PortableRestoreCommand().run(new PortableRestoreCommand.Request(Path.of(b.path()), b.manifestSha256(), influxd,
                server.bindAddress(), "shop", null, false));
        assertThat(count(server, "shop")).isEqualTo(before);

        // the session's restore takes the digest its ledger recorded for that folder: another one is refused
        try (Workspace ws = new Workspace(server.root().resolve("home"), Clock.systemUTC())) {
            new SessionNewCommand().run(ws, new SessionNewCommand.Request("p", InfluxVersion.parse("1.6"), InfluxVersion.parse("1.8"),
                    null, server.metaDir(), server.dataDir(), server.walDir(), null, null, root));
            BackupLedger.of(ws.session()).add(new BackupRecord(b.id(), b.kind(), b.path(), b.createdAt(), b.bytes(), b.files(),
                    true, "0".repeat(64), b.via(), b.source(), b.detail()));
            assertThatThrownBy(() -> new PortableRestoreCommand().run(ws, b.id(), server.bindAddress(), "shop", "shop_2", true))
                    .isInstanceOf(UpgradeException.class).hasMessageContaining("recorded in the session");
        }
        try (Workspace ws = new Workspace(server.root().resolve("home2"), Clock.systemUTC())) {
            new SessionNewCommand().run(ws, new SessionNewCommand.Request("p", InfluxVersion.parse("1.6"), InfluxVersion.parse("1.8"),
                    null, server.metaDir(), server.dataDir(), server.walDir(), null, null, root));
            BackupLedger.of(ws.session()).add(b);
            assertThat(new PortableRestoreCommand().run(ws, "latest", server.bindAddress(), "shop", "shop_2", true).command())
                    .contains("-portable", "-newdb", "shop_2");
        }
    }
}
