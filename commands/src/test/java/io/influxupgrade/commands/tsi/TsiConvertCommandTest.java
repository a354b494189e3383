package io.influxupgrade.commands.tsi;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.shard.TsmWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@code tsi convert} drives buildtsi, with a stand-in influx_inspect (a shell script that writes a partitioned
 * MANIFEST layout and records who ran it and with which arguments). The real buildtsi is in {@link TsiRealTest}, where
 * installed. This checks our side: the flat 1.3 index moved aside first, the exact arguments, the run as the service
 * user through runuser, the refusal when that user cannot write the shard, and owners afterwards.
 */
class TsiConvertCommandTest {

    Path root;

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        if (root != null) {
            io.influxupgrade.commands.fs.FileTrees.delete(root);
        }
    }

    /** data/db1/autogen/{1,2}: shard 1 inmem, shard 2 with a flat 1.3 tsi1 index. Open to other users (the service user runs buildtsi). */
    Path dataDir() throws Exception {
        root = Files.createTempDirectory("tsi-convert-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = root.resolve("data");
        for (int id = 1; id <= 2; id++) {
            Path shard = Files.createDirectories(data.resolve("db1/autogen/" + id));
            try (OutputStream o = Files.newOutputStream(shard.resolve("000000001-000000001.tsm")); TsmWriter w = new TsmWriter(o)) {
                for (int h = 0; h < 3; h++) {
                    w.writeFloats(TsmWriter.key("cpu,host=h" + h, "value"), new long[] {1_000_000_000L * id}, new double[] {h});
                }
            }
        }
        Path flat = Files.createDirectories(data.resolve("db1/autogen/2/index"));
        Files.writeString(flat.resolve("MANIFEST"), "{\"levels\":[{},{}],\"files\":[\"L0-00000001.tsl\"]}");
        Files.writeString(flat.resolve("L0-00000001.tsl"), "old log");
        Files.createDirectories(root.resolve("wal"));
        return data;
    }

    Path standIn() throws Exception {
        Path script = root.resolve("bin/influx_inspect");
        Files.createDirectories(script.getParent());
        Files.writeString(script, """
                #!/bin/sh
                # stand-in for influx_inspect buildtsi: records the call, writes a partitioned index for the shard
                echo "$(id -un) $*" >> %s
                shift
                while [ $# -gt 0 ]; do case "$1" in -datadir) d=$2;; -database) db=$2;; -retention) rp=$2;; -shard) id=$2;; esac; shift 2; done
                for p in 0 1 2 3 4 5 6 7; do mkdir -p "$d/$db/$rp/$id/index/$p"; echo '{"levels":[],"files":[],"version":1}' > "$d/$db/$rp/$id/index/$p/MANIFEST"; done
                mkdir -p "$d/$db/_series/00"
                echo built
                """.formatted(root.resolve("calls.log")));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("bin"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("calls.log"), "");
        Files.setPosixFilePermissions(root.resolve("calls.log"), PosixFilePermissions.fromString("rw-rw-rw-"));
        return script;
    }

    static boolean rootWithServiceUser() {
        return "root".equals(System.getProperty("user.name")) && TsiChecksSupport.userExists("influxdb");
    }

    @Test
    void buildtsiRunsAsTheServiceUserAfterTheFlatIndexIsMovedAside() throws Exception {
        Assumptions.assumeTrue(rootWithServiceUser(), "needs root and the influxdb user (Debian's influxdb package creates it)");
        Path data = dataDir();
        Path inspect = standIn();
        TsiConvertCommand.Request req = new TsiConvertCommand.Request(data, root.resolve("wal"), root.resolve("backups"), "influxdb", "influxdb",
                "tsi1", inspect.toString(), null, false, false, "1.8");

        // the shard dirs belong to root: buildtsi as influxdb could not write there, so it is refused before anything moves
        assertThatThrownBy(() -> new TsiConvertCommand(ServiceProbe.STOPPED).run(req))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY))
                .hasMessageContaining("run 'perms fix' first");
        assertThat(data.resolve("db1/autogen/2/index/MANIFEST")).isRegularFile();

        UserPrincipal influxdb = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("influxdb");
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.toList()) {
                Files.setOwner(p, influxdb);
            }
        }
        // the flat index left behind by a root run of an older tool: root-owned
        Files.setOwner(data.resolve("db1/autogen/2/index/MANIFEST"), data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));

        TsiConvertCommand.TsiConversion c = new TsiConvertCommand(ServiceProbe.STOPPED).run(req);
        assertThat(c.runAs()).isEqualTo("influxdb");
        assertThat(c.shards()).extracting(TsiConvertCommand.ShardConversion::id).containsExactly(1L, 2L);
        assertThat(c.shards().get(1).before()).isEqualTo("tsi1 flat-1.3");
        List<String> calls = Files.readAllLines(root.resolve("calls.log"));
        assertThat(calls).containsExactly(
                "influxdb buildtsi -datadir " + data + " -waldir " + root.resolve("wal") + " -database db1 -retention autogen -shard 1",
                "influxdb buildtsi -datadir " + data + " -waldir " + root.resolve("wal") + " -database db1 -retention autogen -shard 2");
        assertThat(c.shards().get(0).command()).startsWith("runuser", "-u", "influxdb", "--", inspect.toString(), "buildtsi");
        // the old flat index is kept in the backup folder, with its list of files
        Path aside = Path.of(c.backupFolder()).resolve("db1/autogen/2");
        assertThat(Files.readString(aside.resolve("index/L0-00000001.tsl"))).isEqualTo("old log");
        assertThat(aside.resolve("index.json")).isRegularFile();
        assertThat(data.resolve("db1/autogen/2/index/L0-00000001.tsl")).doesNotExist();
        // what the build wrote belongs to the service user, and the status is clean
        assertThat(Files.getOwner(data.resolve("db1/autogen/1/index/0/MANIFEST"), LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo("influxdb");
        TsiStatusCommand.TsiReport after = new TsiStatusCommand().run(new TsiStatusCommand.Request(data, root.resolve("wal"), "influxdb",
                InfluxVersion.parse("1.8"), "tsi1"));
        assertThat(after.shards()).allSatisfy(s -> assertThat(s.layout()).isEqualTo("partitioned"));
        assertThat(after.findings()).isEmpty();
    }

    @Test
    void aBuildThatLeavesAShardWithoutIndexFails() throws Exception {
        Path data = dataDir();
        Path inspect = root.resolve("bin/influx_inspect");
        Files.createDirectories(inspect.getParent());
        Files.writeString(inspect, "#!/bin/sh\necho 'nothing done'\n");
        Files.setPosixFilePermissions(inspect, PosixFilePermissions.fromString("rwxr-xr-x"));
        String me = System.getProperty("user.name");
        assertThatThrownBy(() -> new TsiConvertCommand(ServiceProbe.STOPPED).run(new TsiConvertCommand.Request(data, root.resolve("wal"),
                root.resolve("backups"), me, me, "tsi1", inspect.toString(), null, false, false, "1.8")))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.FAILED))
                .hasMessageContaining("still have no readable tsi1 index: db1/autogen/1, db1/autogen/2");
    }
}
