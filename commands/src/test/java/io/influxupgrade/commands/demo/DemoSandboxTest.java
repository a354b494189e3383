package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.Progress;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.config.ConfigDiff;
import io.influxupgrade.commands.config.ConfigDiffCommand;
import io.influxupgrade.commands.config.ConfigFinding;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSnapshot;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.Privilege;
import io.influxupgrade.commands.meta.UserInfo;
import io.influxupgrade.commands.session.VersionDetector;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.shard.ShardInfo;
import io.influxupgrade.commands.shard.ShardListCommand;
import io.influxupgrade.commands.shard.ShardReport;
import io.influxupgrade.commands.shard.ShardVerification;
import io.influxupgrade.commands.shard.ShardVerifyCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoSandboxTest {

    @TempDir
    Path tmp;

    private record ShardKey(String db, String rp, long id) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.11", "1.3"})
    void metastoreReadsBackAndItsShardsAreExactlyTheDataDirsShards(String layout) {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), layout);
        MetaSnapshot snap = MetaSources.read(s.metaDir());
        assertThat(snap.format()).isEqualTo(layout.equals("0.11") ? "raft: snapshot 412 + 4 log entries" : MetaSnapshot.META_DB);
        MetaData md = snap.data();

        assertThat(md.databases()).hasSizeGreaterThanOrEqualTo(3);
        Set<ShardKey> metaShards = new HashSet<>();
        Map<Long, long[]> ranges = new HashMap<>();
        boolean nonDefaultDuration = false;
        for (MetaData.DatabaseInfo db : md.databases()) {
            assertThat(db.retentionPolicy(db.defaultRetentionPolicy())).as("default rp of " + db.name()).isPresent();
            for (MetaData.RetentionPolicyInfo rp : db.retentionPolicies()) {
                nonDefaultDuration |= rp.duration() != 0 && rp.duration() != 7 * DemoSandbox.DAY;
                for (MetaData.ShardGroupInfo g : rp.shardGroups()) {
                    assertThat(g.endTime() - g.startTime()).isEqualTo(rp.shardGroupDuration());
                    for (MetaData.ShardInfo sh : g.shards()) {
                        metaShards.add(new ShardKey(db.name(), rp.name(), sh.id()));
                        ranges.put(sh.id(), new long[] {g.startTime(), g.endTime()});
                        assertThat(sh.id()).isLessThanOrEqualTo(md.maxShardId());
                    }
                }
            }
        }
        assertThat(nonDefaultDuration).isTrue();
        assertThat(md.databases().stream().mapToLong(d -> d.continuousQueries().size()).sum()).isGreaterThanOrEqualTo(2);

        ShardReport report = new ShardListCommand().run(new ShardListCommand.Request(s.dataDir(), s.walDir(), null, null, null));
        Set<ShardKey> diskShards = new HashSet<>();
        for (ShardInfo i : report.shards()) {
            diskShards.add(new ShardKey(i.db(), i.rp(), i.id()));
            if (i.minTime() != null) {
                long[] range = ranges.get(i.id());
                assertThat(nanos(i.minTime())).as("shard %d min time", i.id()).isGreaterThanOrEqualTo(range[0]);
                assertThat(nanos(i.maxTime())).as("shard %d max time", i.id()).isLessThan(range[1]);
            }
        }
        assertThat(diskShards).isEqualTo(metaShards);
        assertThat(report.shards()).filteredOn(i -> i.engine().equals("tsm1")).allSatisfy(i -> {
            assertThat(i.tsmFiles()).isEqualTo(1);
            assertThat(i.seriesKeys()).isGreaterThanOrEqualTo(2L);
        });
        assertThat(report.shards()).filteredOn(i -> i.walSegments() > 0).hasSize(1);
        assertThat(report.findings()).noneMatch(f -> f.id().startsWith("shard.unreadable") || f.id().startsWith("wal."));
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void layout011HasOneB1AndOneBz1ShardThatTheShardEngineFlags() {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), "0.11");
        ShardReport report = new ShardListCommand().run(new ShardListCommand.Request(s.dataDir(), s.walDir(), null, null, null));
        Map<String, List<Long>> byEngine = report.shards().stream()
                .collect(Collectors.groupingBy(ShardInfo::engine, Collectors.mapping(ShardInfo::id, Collectors.toList())));
        assertThat(byEngine.get("b1")).hasSize(1);
        assertThat(byEngine.get("bz1")).hasSize(1);
        assertThat(byEngine.get("tsm1")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(byEngine).doesNotContainKey("unknown");
        assertThat(report.findings()).filteredOn(f -> f.severity() == Finding.Severity.ERROR).isNotEmpty()
                .allSatisfy(f -> assertThat(f.message()).containsAnyOf("/" + byEngine.get("b1").get(0), "/" + byEngine.get("bz1").get(0)));
    }

    @Test
    void layout13HasOnlyTsmShardsAndNoErrors() {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), "1.3");
        ShardReport report = new ShardListCommand().run(new ShardListCommand.Request(s.dataDir(), s.walDir(), null, null, null));
        assertThat(report.shards()).isNotEmpty().allSatisfy(i -> assertThat(i.engine()).isEqualTo("tsm1"));
        assertThat(report.findings()).noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.11", "1.3"})
    void tsmFilesVerifyClean(String layout) {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), layout);
        ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(s.dataDir(), null, null, null, 2), Progress.NONE);
        assertThat(v.failed()).as(v.findings().toString()).isFalse();
        assertThat(v.brokenBlocks()).isZero();
        assertThat(v.files()).isGreaterThanOrEqualTo(5);
        assertThat(v.blocks()).isGreaterThan(v.files());
    }

    /** {@code config diff} of a new sandbox's config, from the version it imitates to 1.4. */
    private ConfigDiff configDiffTo14(String layout) {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), layout);
        return new ConfigDiffCommand().run(new ConfigDiffCommand.Request(s.configFile(), InfluxVersion.parse(s.fromVersion()),
                InfluxVersion.V1_4, Map.of()));
    }

    /** The layout's config passes a diff to 1.4 that reports one rename: {@code key}, to a target key as {@code target} checks. */
    private ConfigDiff passesWithOneRename(String layout, String key, Consumer<String> target) {
        ConfigDiff d = configDiffTo14(layout);
        assertThat(d.group(ConfigFinding.Group.RENAMED)).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo(key);
            target.accept(f.targetKey());
        });
        assertThat(d.failed()).as(d.findings().toString()).isFalse();
        return d;
    }

    @Test
    void config011ReportsExactlyTheDataLoggingRename() {
        ConfigDiff d = passesWithOneRename("0.11", "data.data-logging-enabled", t -> assertThat(t).contains("trace-logging-enabled"));
        assertThat(d.group(ConfigFinding.Group.CUSTOMISED)).extracting(ConfigFinding::key)
                .contains("data.cache-max-memory-size", "http.bind-address", "http.auth-enabled");
    }

    @Test
    void config13ReportsTheClusterSectionAsCoordinator() {
        passesWithOneRename("1.3", "[cluster]", t -> assertThat(t).isEqualTo("[coordinator]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.11", "1.3"})
    void configPointsIntoTheSandboxAndTheDiskLayoutIsDetectedAsTheOldVersion(String layout) {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), layout);
        var paths = io.influxupgrade.commands.config.ConfigFile.paths(s.configFile());
        assertThat(Path.of(paths.metaDir())).isEqualTo(s.metaDir());
        assertThat(Path.of(paths.dataDir())).isEqualTo(s.dataDir());
        assertThat(Path.of(paths.walDir())).isEqualTo(s.walDir());
        VersionDetector.LayoutHint hint = VersionDetector.layout(s.metaDir(), s.dataDir());
        assertThat(hint.contradicts(InfluxVersion.parse(s.fromVersion()))).as(hint.toString()).isFalse();
        assertThat(hint.contradicts(InfluxVersion.V1_4)).as(hint.toString()).isEqualTo(layout.equals("0.11"));
    }

    @Test
    void raftMetaDirHasTheFilesOf011AndLogEntriesAfterTheSnapshot() throws Exception {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), "0.11");
        assertThat(s.metaDir().resolve("raft.db")).isRegularFile();
        assertThat(s.metaDir().resolve("meta.db")).doesNotExist();
        assertThat(Files.readString(s.metaDir().resolve("node.json"))).isEqualTo("{\"ID\":1}\n"); // as real 0.11.1 writes it
        assertThat(Files.readString(s.metaDir().resolve("peers.json"))).contains("8088");
        try (Stream<Path> snaps = Files.list(s.metaDir().resolve("snapshots"))) {
            assertThat(snaps.map(p -> p.getFileName().toString())).singleElement().asString().matches("\\d+-\\d+-\\d+");
        }
        MetaSnapshot snap = MetaSources.read(s.metaDir());
        // the four entries after the snapshot are replayed: a no-op, CREATE DATABASE logs, a CQ, a grant
        assertThat(snap.format()).isEqualTo("raft: snapshot 412 + 4 log entries");
        assertThat(snap.data().hasNodes()).isTrue();
        assertThat(snap.data().index()).isEqualTo(416);
        assertThat(snap.data().database("logs").orElseThrow().defaultRetentionPolicy()).isEqualTo("default");
        assertThat(snap.data().database("servers").orElseThrow().continuousQueries()).extracting(MetaData.ContinuousQueryInfo::name)
                .contains("cq_load_1h");
        assertThat(snap.data().user("grafana").orElseThrow().privileges()).containsEntry("logs", Privilege.READ);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.11", "1.3"})
    void usersHaveGrantsOnExistingDatabasesAndBcryptShapedHashes(String layout) {
        DemoSandbox.Sandbox s = DemoSandbox.create(tmp.resolve("sb"), layout);
        MetaData md = MetaSources.read(s.metaDir()).data();
        assertThat(md.users()).extracting(UserInfo::name).contains("admin", "grafana");
        assertThat(md.user("admin").orElseThrow().admin()).isTrue();
        assertThat(md.users()).filteredOn(u -> !u.admin()).allSatisfy(u -> {
            assertThat(u.privileges()).isNotEmpty();
            u.privileges().keySet().forEach(db -> assertThat(md.database(db)).as(u.name() + " grant on " + db).isPresent());
        });
        assertThat(md.users()).flatExtracting(u -> List.copyOf(u.privileges().values())).contains(Privilege.READ, Privilege.WRITE, Privilege.ALL);
        for (UserInfo u : md.users()) {
            assertThat(u.passwordHash().isEmpty()).isFalse();
            assertThat(u.passwordHash().toString()).isEqualTo("[redacted]");
        }
        String hash = DemoMetastore.fakeBcrypt("grafana");
        assertThat(hash).matches("\\$2a\\$10\\$[./A-Za-z0-9]{21}[.Oeu][./A-Za-z0-9]{30}[.CGKOSWaeimquy048]").hasSize(60);
        assertThat(DemoMetastore.fakeBcrypt("admin")).isNotEqualTo(hash);
    }

    @Test
    void anEarlierSandboxIsReplacedButAForeignFolderIsRefused() throws Exception {
        Path dir = tmp.resolve("sb");
        DemoSandbox.create(dir, "0.11");
        DemoSandbox.Sandbox again = DemoSandbox.create(dir, "1.3");
        assertThat(again.metaDir().resolve("raft.db")).doesNotExist();
        assertThat(again.metaDir().resolve("meta.db")).isRegularFile();

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("important.txt"), "keep me");
        assertThatThrownBy(() -> DemoSandbox.create(foreign, "0.11")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining(foreign.toString()).hasMessageContaining("not empty")
                .satisfies(e -> assertThat(((UpgradeException) e).kind()).isEqualTo(UpgradeException.Kind.USAGE));
        assertThat(foreign.resolve("important.txt")).hasContent("keep me");
        assertThatThrownBy(() -> DemoSandbox.create(tmp.resolve("x"), "0.12")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("0.11 or 1.3");
    }

    @Test
    void sandboxIsReproducibleApartFromItsPaths() throws Exception {
        DemoSandbox.Sandbox a = DemoSandbox.create(tmp.resolve("a"), "1.3");
        DemoSandbox.Sandbox b = DemoSandbox.create(tmp.resolve("b"), "1.3");
        assertThat(MetaSources.read(a.metaDir()).data()).isEqualTo(MetaSources.read(b.metaDir()).data());
        Path tsmA = a.dataDir().resolve("telegraf/two_weeks/21/000000002-000000002.tsm");
        assertThat(Files.readAllBytes(tsmA)).isEqualTo(Files.readAllBytes(b.dataDir().resolve(a.dataDir().relativize(tsmA))));
    }
}
