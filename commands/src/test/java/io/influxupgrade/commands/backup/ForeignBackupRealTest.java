package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15 items 1 and 7, on what the real influxd writes: a legacy {@code influxd backup DIR} and an
 * {@code influxd backup -portable DIR} are restored by our {@code restore metastore} into a fresh meta dir (both
 * imported into the ledger with a manifest first), the real influxd starts on each and answers SHOW exactly as the
 * original server did, and the same restore run again changes no byte and says it was already done.
 */
@RealInfluxd
class ForeignBackupRealTest {

    @TempDir
    Path tmp;

    @Test
    void realLegacyAndPortableBackupsRestoreIntoAMetaDirTheRealServerStartsOn(InfluxdServer server) throws Exception {
        RealInfluxdBackupRestoreTest.fill(server);
        Path legacy = tmp.resolve("legacy");
        Path portable = tmp.resolve("portable");
        InfluxdServer.ProcessResult first = server.influxd("backup", "-host", server.bindAddress(), legacy.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();
        // a second database after the first export: influxd backup into the same folder writes meta.01, the one to choose
        server.query("CREATE DATABASE later");
        InfluxdServer.ProcessResult second = server.influxd("backup", "-host", server.bindAddress(), legacy.toString());
        assertThat(second.exitCode()).as(second.output()).isZero();
        InfluxdServer.ProcessResult port = server.influxd("backup", "-portable", "-host", server.bindAddress(), portable.toString());
        assertThat(port.exitCode()).as(port.output()).isZero();
        String live = RealInfluxdBackupRestoreTest.show(server);
        server.stop();

        Path root = tmp.resolve("backups");
        for (Path from : List.of(legacy, portable)) {
            Path meta = tmp.resolve("meta-from-" + from.getFileName());
            RestoreMetastoreCommand.Request req = new RestoreMetastoreCommand.Request(from, meta, Via.NATIVE, false, false, null,
                    ServiceProbe.STOPPED, List.of(), tmp.resolve("journal-" + from.getFileName()), root);
            RestoreMetastoreCommand.RestoreReport rep = new RestoreMetastoreCommand().run(req);
            assertThat(rep.failed()).as(rep.failureSummary()).isFalse();
            assertThat(rep.imported()).as("imported into the ledger first").isNotNull();
            assertThat(rep.imported().verified()).isTrue();
            assertThat(BackupVerifier.verify(Path.of(rep.imported().path())).failed()).isFalse();
            if (from == legacy) {
                assertThat(rep.verification()).doesNotContain("meta.00");
                assertThat(BackupSource.open(legacy, MetastoreCodecs.defaultCodec()).verification())
                        .contains("meta.01, the newest of 2 meta.NN files");
            }
            Map<String, String> once = hashes(meta);

            RestoreMetastoreCommand.RestoreReport again = new RestoreMetastoreCommand().run(req);
            assertThat(again.detail()).startsWith("already done");
            assertThat(again.writes()).isEmpty();
            assertThat(again.imported()).as("no second import").isNull();
            assertThat(hashes(meta)).as("the second run changes no byte").isEqualTo(once);

            server.start(meta);
            assertThat(RealInfluxdBackupRestoreTest.show(server)).as(from.getFileName().toString()).isEqualTo(live);
            assertThat(server.query("SHOW DATABASES")).contains("later");
            server.stop();
        }
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("metastore-")).count()).isEqualTo(2);
        }
    }

    @Test
    void aTruncatedMetaFileInAnInfluxdBackupFolderIsRefusedInOneLine(InfluxdServer server) throws Exception {
        Path legacy = tmp.resolve("legacy");
        InfluxdServer.ProcessResult r = server.influxd("backup", "-host", server.bindAddress(), legacy.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path meta00 = legacy.resolve("meta.00");
        byte[] b = Files.readAllBytes(meta00);
        Files.write(meta00, java.util.Arrays.copyOf(b, b.length / 2));
        server.stop();
        assertThatThrownBy(() -> new RestoreMetastoreCommand().run(new RestoreMetastoreCommand.Request(legacy, tmp.resolve("m"),
                Via.NATIVE, false, false, null, ServiceProbe.STOPPED, List.of(), tmp, tmp.resolve("backups"))))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("meta.00").satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Manifest.sha256Hex(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
