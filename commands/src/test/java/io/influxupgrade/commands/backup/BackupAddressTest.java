package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.config.ConfigFile;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaStoreCodec;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.meta.RaftLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20 item 1: 0.10/0.11 serve backups on the {@code [meta] bind-address}, not the top-level one, so a
 * {@code backup metastore} of an install that moved the meta port went to the wrong port, and {@code auto} fell
 * back to native without saying why.
 */
class BackupAddressTest {

    @TempDir
    Path tmp;

    static ConfigFile config(Path tmp, String top, String meta) throws IOException {
        Path f = tmp.resolve("influxdb.conf");
        Files.writeString(f, (top == null ? "" : "bind-address = \"" + top + "\"\n")
                + "[meta]\n  dir = \"/var/lib/influxdb/meta\"\n" + (meta == null ? "" : "  bind-address = \"" + meta + "\"\n"));
        return ConfigFile.parse(f);
    }

    @Test
    void raftEraVersionsUseTheMetaBindAddressAndLaterOnesTheTopLevelOne() throws Exception {
        ConfigFile c = config(tmp, "127.0.0.1:7088", ":9088");
        BackupAddress old = BackupAddress.of(c, InfluxVersion.parse("0.11.1"), null);
        assertThat(old.hostPort()).isEqualTo("127.0.0.1:9088");
        assertThat(old.origin()).contains("[meta] bind-address");
        assertThat(BackupAddress.of(c, InfluxVersion.parse("0.10.3"), null).hostPort()).isEqualTo("127.0.0.1:9088");

        BackupAddress newer = BackupAddress.of(c, InfluxVersion.parse("1.3.9"), null);
        assertThat(newer.hostPort()).isEqualTo("127.0.0.1:7088");
        assertThat(newer.origin()).contains("top-level bind-address");
        assertThat(BackupAddress.of(c, InfluxVersion.parse("0.12.2"), null).hostPort()).isEqualTo("127.0.0.1:7088");
    }

    @Test
    void hostWinsAndMissingKeysFallBackToInfluxdsDefault() throws Exception {
        ConfigFile c = config(tmp, "127.0.0.1:7088", ":9088");
        BackupAddress given = BackupAddress.of(c, InfluxVersion.parse("0.11.1"), "127.0.0.2:1234");
        assertThat(given.hostPort()).isEqualTo("127.0.0.2:1234");
        assertThat(given.origin()).isEqualTo("--host");

        BackupAddress onlyTop = BackupAddress.of(config(tmp, "127.0.0.1:7088", null), InfluxVersion.parse("0.11.1"), null);
        assertThat(onlyTop.hostPort()).isEqualTo("127.0.0.1:7088");
        assertThat(onlyTop.origin()).contains("top-level").contains("sets no [meta] bind-address");
        BackupAddress none = BackupAddress.of(config(tmp, null, null), InfluxVersion.parse("0.11.1"), null);
        assertThat(none.hostPort()).isEqualTo(BackupAddress.DEFAULT);
        assertThat(none.origin()).contains("no [meta] bind-address");
        assertThat(BackupAddress.of(null, null, null).hostPort()).isEqualTo(BackupAddress.DEFAULT);
    }

    @Test
    void aNativeFallbackNamesWhyInfluxdWasNotTaken() throws Exception {
        Path meta = Files.createDirectories(tmp.resolve("meta011"));
        MetaData md = MetaStoreCodec.decode(TestMeta.data(9000, 5, 2), "t");
        MetaStoreWriter.writeRaftSnapshot(meta, md, 3, 9000, 1450000000000L, List.of("localhost:8088"));
        MetaStoreWriter.writeRaftDb(meta, List.of(new RaftLogs.Entry(9001, 3, 0, RaftLogs.createDatabaseCommand("late"))), 3);
        Path fake = tmp.resolve("influxd");
        Files.writeString(fake, "#!/bin/sh\necho 'InfluxDB v0.11.1 (git: 0.11 abc)'\n");
        fake.toFile().setExecutable(true);
        int closed = closedPort();
        BackupRecord r = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(meta, tmp.resolve("b"),
                Via.AUTO, fake, "127.0.0.1:" + closed, InfluxVersion.parse("0.11.1"), false, "[meta] bind-address of the config"));
        assertThat(r.via()).isEqualTo("native");
        assertThat(r.detail()).contains("influxd route not taken").contains("127.0.0.1:" + closed).contains("[meta] bind-address");
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
