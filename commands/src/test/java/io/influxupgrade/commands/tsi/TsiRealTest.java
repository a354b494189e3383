package io.influxupgrade.commands.tsi;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Series indexes on a real 1.6.7 data dir (issue 18 item 3): inmem shards written first, then tsi1 shards written by
 * the same server restarted with index-version = "tsi1" (so one database mixes both, as after a config change without
 * a rebuild). Everything here ran as root, so the index files are root-owned, as after a root run of buildtsi.
 */
@RealInfluxd
class TsiRealTest {

    static final Instant T0 = Instant.parse("2021-03-01T00:00:00Z");

    static void fill(InfluxdServer server, String db, Instant start, int hosts) {
        server.query("CREATE DATABASE " + InfluxdServer.ident(db));
        StringBuilder sb = new StringBuilder();
        for (int h = 0; h < 48; h++) {
            long t = start.plusSeconds(h * 3600L).getEpochSecond() * 1_000_000_000L;
            for (int host = 0; host < hosts; host++) {
                sb.append("cpu,host=h").append(host).append(" value=").append(h + host * 0.5).append(' ').append(t).append('\n');
            }
        }
        server.write(db, "autogen", sb.toString());
    }

    static void flush(InfluxdServer server, String db) throws Exception {
        Path scratch = Files.createTempDirectory(server.root(), "flush");
        InfluxdServer.ProcessResult r = server.influxd("backup", "-database", db, "-host", server.bindAddress(), scratch.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    /** What the server answers: every series and the point count per database. */
    static String answers(InfluxdServer server, String... dbs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String db : dbs) {
            JsonNode series = Json.mapper().readTree(server.query("SHOW SERIES", db)).path("results").path(0);
            JsonNode count = Json.mapper().readTree(server.query("SELECT count(value) FROM cpu", db)).path("results").path(0);
            sb.append(db).append(": ").append(series).append(' ').append(count).append('\n');
        }
        return sb.toString();
    }

    /** db a: inmem shards (2021-03), then a tsi1 shard (2021-06); db b: tsi1 only. Returns the answers before. */
    static String mixedDataDir(InfluxdServer inmem) throws Exception {
        fill(inmem, "a", T0, 4);
        flush(inmem, "a");
        inmem.stop();
        try (InfluxdServer tsi = InfluxdServer.create(inmem.root(), inmem.options().withIndex("tsi1"))) {
            tsi.start();
            fill(tsi, "a", Instant.parse("2021-06-01T00:00:00Z"), 2);
            fill(tsi, "b", T0, 3);
            flush(tsi, "a");
            flush(tsi, "b");
            String before = answers(tsi, "a", "b");
            tsi.stop();
            return before;
        }
    }

    static boolean serviceUserExists() {
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("influxdb");
            return "root".equals(System.getProperty("user.name"));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void statusFindsMixedIndexesRootOwnedFilesAndCountsTheSeriesToIndex(InfluxdServer server) throws Exception {
        mixedDataDir(server);
        TsiStatusCommand.TsiReport r = new TsiStatusCommand().run(new TsiStatusCommand.Request(server.dataDir(), server.walDir(),
                serviceUserExists() ? "influxdb" : null, InfluxVersion.parse("1.8"), "tsi1"));
        List<TsiStatusCommand.ShardIndex> a = r.shards().stream().filter(s -> s.db().equals("a")).toList();
        assertThat(a).extracting(TsiStatusCommand.ShardIndex::index).contains("inmem", "tsi1");
        assertThat(r.shards().stream().filter(s -> s.db().equals("b"))).isNotEmpty()
                .allSatisfy(s -> assertThat(s.layout()).isEqualTo("partitioned"));
        assertThat(r.indexTypesByDatabase().get("a")).containsKeys("inmem", "tsi1");
        assertThat(r.findings()).filteredOn(f -> f.id().equals("tsi.mixed-index")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("database a"));
        // the inmem shards of a hold 4 series each (cpu,host=h0..h3): they are what buildtsi must index
        List<TsiStatusCommand.ShardIndex> toBuild = r.shards().stream().filter(TsiStatusCommand.ShardIndex::needsBuild).toList();
        assertThat(toBuild).isNotEmpty().allSatisfy(s -> {
            assertThat(s.db()).isEqualTo("a");
            assertThat(s.index()).isEqualTo("inmem");
            assertThat(s.seriesKeys()).isEqualTo(4L);
        });
        assertThat(r.resources().seriesToIndex()).isEqualTo(4L * toBuild.size());
        assertThat(r.resources().diskNeeded()).isEqualTo(r.resources().seriesToIndex() * TsiStatusCommand.DISK_BYTES_PER_SERIES);
        assertThat(r.resources().memoryNeeded()).isEqualTo(TsiStatusCommand.MEMORY_BASE + 4 * TsiStatusCommand.MEMORY_BYTES_PER_SERIES);
        if (serviceUserExists()) {
            assertThat(r.findings()).filteredOn(f -> f.id().equals("tsi.index-owner")).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR))
                    .anySatisfy(f -> assertThat(f.message()).contains("(root)"));
        }
    }

    @Test
    void fixOwnersMakesTheRootOwnedIndexFilesTheServiceUsers(InfluxdServer server) throws Exception {
        Assumptions.assumeTrue(serviceUserExists(), "needs root and the influxdb user of the Debian package");
        mixedDataDir(server);
        TsiConvertCommand.TsiConversion c = new TsiConvertCommand(ServiceProbe.STOPPED).run(new TsiConvertCommand.Request(server.dataDir(),
                server.walDir(), server.root().resolve("backups"), "influxdb", "influxdb", "tsi1", null, null, true, false, "1.8"));
        assertThat(c.ownersFixed()).isNotEmpty().anySatisfy(l -> assertThat(l).contains("_series"));
        try (Stream<Path> s = Files.walk(server.dataDir().resolve("b"))) {
            for (Path p : s.filter(p -> p.toString().contains("/index/") || p.toString().contains("/_series/")).toList()) {
                assertThat(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName()).as(p.toString()).isEqualTo("influxdb");
            }
        }
        TsiStatusCommand.TsiReport after = new TsiStatusCommand().run(new TsiStatusCommand.Request(server.dataDir(), server.walDir(),
                "influxdb", InfluxVersion.parse("1.8"), "tsi1"));
        assertThat(after.findings()).noneMatch(f -> f.id().equals("tsi.index-owner"));
    }

    @Test
    void convertingToInmemMovesTheIndexesAsideAndTheReal167AnswersTheSame(InfluxdServer server) throws Exception {
        String before = mixedDataDir(server);
        List<Path> indexes;
        try (Stream<Path> s = Files.walk(server.dataDir())) {
            indexes = s.filter(p -> p.getFileName().toString().equals("index") && Files.isDirectory(p)).toList();
        }
        assertThat(indexes).isNotEmpty();
        assertThatThrownBy(() -> new TsiConvertCommand(() -> List.of("port 8086 answers")).run(new TsiConvertCommand.Request(server.dataDir(),
                server.walDir(), server.root().resolve("backups"), "root", "root", "inmem", null, null, false, false, "1.8")))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.NOT_READY));

        TsiConvertCommand.TsiConversion dry = new TsiConvertCommand(ServiceProbe.STOPPED).run(new TsiConvertCommand.Request(server.dataDir(),
                server.walDir(), server.root().resolve("backups"), "root", "root", "inmem", null, null, false, true, "1.8"));
        assertThat(dry.shards()).hasSize(indexes.size());
        assertThat(indexes).allSatisfy(p -> assertThat(p).isDirectory());

        TsiConvertCommand.TsiConversion c = new TsiConvertCommand(ServiceProbe.STOPPED).run(new TsiConvertCommand.Request(server.dataDir(),
                server.walDir(), server.root().resolve("backups"), "root", "root", "inmem", null, null, false, false, "1.8"));
        assertThat(c.shards()).hasSize(indexes.size()).allSatisfy(s -> assertThat(s.after()).isEqualTo("inmem"));
        assertThat(indexes).allSatisfy(p -> assertThat(p).doesNotExist());
        Path aside = Path.of(c.backupFolder());
        for (TsiConvertCommand.ShardConversion s : c.shards()) {
            Path moved = aside.resolve(s.db()).resolve(s.rp()).resolve(Long.toString(s.id()));
            assertThat(moved.resolve("index/0/MANIFEST")).isRegularFile();
            assertThat(Json.mapper().readTree(moved.resolve("index.json").toFile()).get("files").size()).isPositive();
        }
        try (InfluxdServer again = InfluxdServer.create(server.root(), server.options().withIndex("inmem"))) {
            again.start();
            assertThat(answers(again, "a", "b")).isEqualTo(before);
        }
        TsiStatusCommand.TsiReport after = new TsiStatusCommand().run(new TsiStatusCommand.Request(server.dataDir(), server.walDir(),
                null, InfluxVersion.parse("1.8"), "inmem"));
        assertThat(after.shards()).allSatisfy(s -> assertThat(s.index()).isEqualTo("inmem"));
        assertThat(after.findings()).noneMatch(f -> f.id().equals("tsi.mixed-index"));
    }

    @Test
    void withoutInfluxInspectTheTsi1ConversionIsUnavailableAndTheDryRunSaysWhy(InfluxdServer server) throws Exception {
        mixedDataDir(server);
        Path missing = server.root().resolve("no/influx_inspect");
        assertThatThrownBy(() -> new TsiConvertCommand(ServiceProbe.STOPPED).run(new TsiConvertCommand.Request(server.dataDir(),
                server.walDir(), server.root().resolve("backups"), "root", "root", "tsi1", missing.toString(), null, false, false, "1.8")))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.kind()).isEqualTo(UpgradeException.Kind.UNAVAILABLE))
                .hasMessageContaining("Debian's influxdb package leaves it out");
        TsiConvertCommand.TsiConversion dry = new TsiConvertCommand(ServiceProbe.STOPPED).run(new TsiConvertCommand.Request(server.dataDir(),
                server.walDir(), server.root().resolve("backups"), "root", "root", "tsi1", missing.toString(), null, false, true, "1.8"));
        assertThat(dry.shards()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.db()).isEqualTo("a");
            assertThat(s.command()).containsSequence("buildtsi", "-datadir", server.dataDir().toString(), "-waldir", server.walDir().toString(),
                    "-database", "a", "-retention", "autogen", "-shard", Long.toString(s.id()));
        });
    }

    /** The real buildtsi, where InfluxData's influx_inspect is installed (Debian's package has none): inmem → tsi1 for real. */
    @Test
    void realBuildtsiConvertsInmemShardsAndThe167AnswersTheSame(InfluxdServer server) throws Exception {
        Path inspect = TsiConvertCommand.findInfluxInspect();
        String real = System.getenv(io.influxupgrade.commands.testing.ReleaseServer.HOME_ENV);
        if (inspect == null && real != null && Files.isExecutable(Path.of(real, "1.6.6", "bin", "influx_inspect"))) {
            inspect = Path.of(real, "1.6.6", "bin", "influx_inspect"); // built from tag v1.6.6, see the real fixtures' README
        }
        Assumptions.assumeTrue(inspect != null, "influx_inspect is not installed (Debian's influxdb 1.6.7 package does not ship it; "
                + "INFLUX_UPGRADE_REAL_HOME/1.6.6/bin has none either)");
        String before = mixedDataDir(server);
        String user = serviceUserExists() ? "influxdb" : System.getProperty("user.name");
        if (serviceUserExists()) {
            new io.influxupgrade.commands.perms.PermsFixCommand().run(new io.influxupgrade.commands.perms.PermsFixCommand.Request("influxdb",
                    "influxdb", server.metaDir(), server.dataDir(), server.walDir(), false));
            for (Path p = server.root(); p != null; p = p.getParent()) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        TsiConvertCommand.TsiConversion c = new TsiConvertCommand(ServiceProbe.STOPPED).run(new TsiConvertCommand.Request(server.dataDir(),
                server.walDir(), server.root().resolve("backups"), user, user, "tsi1", inspect.toString(), null, false, false, "1.8"));
        assertThat(c.shards()).isNotEmpty();
        TsiStatusCommand.TsiReport after = new TsiStatusCommand().run(new TsiStatusCommand.Request(server.dataDir(), server.walDir(),
                user, InfluxVersion.parse("1.8"), "tsi1"));
        assertThat(after.shards()).allSatisfy(s -> assertThat(s.layout()).isEqualTo("partitioned"));
        assertThat(after.findings()).noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        try (InfluxdServer again = InfluxdServer.create(server.root(), server.options().withIndex("tsi1"))) {
            again.start();
            assertThat(answers(again, "a", "b")).isEqualTo(before);
        }
    }
}
