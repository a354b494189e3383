package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BoltShardTest {

    @TempDir
    Path root;

    @Test
    void b1AndBz1ShardFilesAreToldApartByContents() throws Exception {
        Path rp = Files.createDirectories(root.resolve("data/old/default"));
        List<String> keys = List.of("cpu,host=a", "cpu,host=b", "mem,host=a");
        BoltShardWriter.writeB1(rp.resolve("1"), keys, 20, false);
        BoltShardWriter.writeB1(rp.resolve("2"), keys.subList(0, 2), 5, true);
        BoltShardWriter.writeBz1(rp.resolve("3"), keys, 300);
        BoltShardWriter.writeOtherFormat(rp.resolve("4"), "tsm9");
        Files.write(rp.resolve("5"), new byte[0]);

        ShardReport r = new ShardListCommand().run(new ShardListCommand.Request(root.resolve("data"), null, null, null, null));
        assertThat(r.shards()).extracting(ShardInfo::engine).containsExactly("b1", "b1", "bz1", "unknown", "unknown");
        assertThat(r.shards()).extracting(ShardInfo::seriesKeys).containsExactly(3L, 2L, 3L, null, null);
        assertThat(r.shards().get(2).bytes()).isEqualTo(Files.size(rp.resolve("3")));
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.non-tsm")).hasSize(3)
                .allSatisfy(f -> assertThat(f.fix()).contains("influx_tsm"))
                .anySatisfy(f -> assertThat(f.message()).contains("bz1").contains(rp.resolve("3").toString()));
        assertThat(r.findings()).filteredOn(f -> f.id().equals("shard.unknown-engine")).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("'tsm9'"))
                .anySatisfy(m -> assertThat(m).contains("not a BoltDB file"));
        assertThat(new ShardListCommand().run(new ShardListCommand.Request(root.resolve("data"), null, null, null, ShardEngine.BZ1)).shards())
                .extracting(ShardInfo::id).containsExactly(3L);
        ShardVerification v = new ShardVerifyCommand().run(new ShardVerifyCommand.Request(root.resolve("data"), null, null, 3L, 1),
                io.influxupgrade.commands.Progress.NONE);
        assertThat(v.failed()).isFalse();
        assertThat(v.files()).isZero();
        assertThat(v.findings()).extracting(Finding::id).containsExactly("shard.not-verified");
    }

    @Test
    void corruptBoltFilesAreUnknownNotExceptions() throws Exception {
        Path rp = Files.createDirectories(root.resolve("data/old/default"));
        Path good = root.resolve("good");
        BoltShardWriter.writeBz1(good, List.of("cpu,host=a", "cpu,host=b"), 500);
        byte[] valid = Files.readAllBytes(good);
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + r.nextInt(8); k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            Files.write(rp.resolve("7"), i % 4 == 0 ? java.util.Arrays.copyOf(b, r.nextInt(b.length)) : b);
            ShardFileProbe.Result p = BoltShardProbe.probe(rp.resolve("7"));
            assertThat(p.engine()).isIn("bz1", "b1", "unknown");
        }
    }
}
