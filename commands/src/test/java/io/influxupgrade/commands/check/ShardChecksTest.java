package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.shard.BoltShardWriter;
import io.influxupgrade.commands.shard.TsmWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ShardChecksTest {

    @TempDir
    Path tmp;

    private static MetaData meta(long... shardIds) {
        List<MetaData.ShardGroupInfo> groups = new java.util.ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (long id : shardIds) {
            groups.add(new MetaData.ShardGroupInfo(id, t, t + 3_600_000_000_000L, 0, 0, List.of(new MetaData.ShardInfo(id, List.of()))));
            t += 3_600_000_000_000L;
        }
        MetaData.RetentionPolicyInfo rp = new MetaData.RetentionPolicyInfo("autogen", 0, 604_800_000_000_000L, 1, groups, List.of());
        MetaData.DatabaseInfo db = new MetaData.DatabaseInfo("telegraf", "autogen", List.of(rp), List.of());
        return MetaData.of(0, 5, 42, shardIds.length, shardIds.length == 0 ? 0 : shardIds[shardIds.length - 1], List.of(db), List.of());
    }

    private void tsmShard(long id) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data/telegraf/autogen/" + id));
        try (OutputStream os = Files.newOutputStream(dir.resolve("000000001-000000001.tsm")); TsmWriter w = new TsmWriter(os)) {
            w.writeFloats(TsmWriter.key("cpu,host=a", "value"), new long[] {1, 2}, new double[] {1.5, 2.5});
        }
    }

    private CheckReport run(String... ids) {
        UpgradeSession s = new UpgradeSession("t", Instant.EPOCH);
        s.setFromVersion("0.10.3");
        s.setMetaDir(tmp.resolve("meta").toString());
        s.setDataDir(tmp.resolve("data").toString());
        s.setWalDir(tmp.resolve("wal").toString());
        CheckContext ctx = new CheckContext(s, tmp.resolve("b"), Optional::empty, () -> List.of());
        return new PreflightCheckCommand(ShardChecks.all()).run(ctx, new PreflightCheckCommand.Request(Set.of(ids), Set.of()));
    }

    @Test
    void b1AndBz1ShardsAreErrorsNamingInfluxTsm() throws Exception {
        Files.createDirectories(tmp.resolve("meta"));
        Files.createDirectories(tmp.resolve("wal"));
        tsmShard(1);
        Files.createDirectories(tmp.resolve("data/telegraf/autogen"));
        BoltShardWriter.writeB1(tmp.resolve("data/telegraf/autogen/2"), List.of("cpu,host=a"), 10, false);
        BoltShardWriter.writeBz1(tmp.resolve("data/telegraf/autogen/3"), List.of("mem,host=a"), 10);

        CheckReport r = run("shard.non-tsm");

        assertThat(r.failed()).isTrue();
        assertThat(r.findings()).hasSize(2).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.fix()).contains("influx_tsm");
        });
        assertThat(r.findings()).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("bz1"));
    }

    @Test
    void reconcileFindsShardsTheMetastoreDoesNotKnowAndTheReverse() throws Exception {
        Files.createDirectories(tmp.resolve("wal"));
        MetaStoreWriter.writeMetaDb(Files.createDirectories(tmp.resolve("meta")), meta(1, 2));
        tsmShard(1);
        assertThat(run("meta.reconcile").findings()).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("2"));
        tsmShard(2);
        assertThat(run("meta.reconcile").findings()).isEmpty();
        tsmShard(7);
        assertThat(run("meta.reconcile").failed()).isTrue();
    }
}
