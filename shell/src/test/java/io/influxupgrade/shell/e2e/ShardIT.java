package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.shard.BoltShardWriter;
import io.influxupgrade.commands.shard.TsmWriter;
import io.influxupgrade.commands.shard.WalWriter;
import io.influxupgrade.commands.testing.InstallDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shard list}, {@code shard verify} and {@code shard reconcile} through the real jar, on a data dir built with
 * the engine's writers: telegraf/autogen shards 1, 2 (two TSM files and a WAL segment) and 4 (unknown to the
 * metastore), and a b1 shard 3 in legacy/default.
 */
class ShardIT {

    static final long T0 = 1_500_000_000_000_000_000L; // 2017-07-14T02:40:00Z
    static final long STEP = 10_000_000_000L;

    @TempDir
    Path tmp;
    InstallDirs dirs;

    @BeforeEach
    void buildDataDir() throws Exception {
        dirs = InstallDirs.create(tmp.resolve("influx"));
        tsm(shard("telegraf", "autogen", 1).resolve("000000001-000000001.tsm"), 2, 10, T0);
        tsm(shard("telegraf", "autogen", 2).resolve("000000001-000000001.tsm"), 3, 20, T0 + 1000 * STEP);
        tsm(shard("telegraf", "autogen", 2).resolve("000000002-000000001.tsm"), 3, 5, T0 + 2000 * STEP);
        tsm(shard("telegraf", "autogen", 4).resolve("000000001-000000001.tsm"), 1, 3, T0 + 5000 * STEP);
        Files.createDirectories(dirs.data().resolve("legacy/default"));
        BoltShardWriter.writeB1(dirs.data().resolve("legacy/default/3"), List.of("mem,host=a", "mem,host=b"), 5, false);
        Path walShard = Files.createDirectories(dirs.wal().resolve("telegraf/autogen/2"));
        try (OutputStream o = Files.newOutputStream(walShard.resolve("_00001.wal")); WalWriter w = new WalWriter(o)) {
            w.beginWrite().floats(TsmWriter.key("cpu,host=h0", "usage"), new long[] {T0 + 3000 * STEP}, new double[] {1.5}).endWrite();
        }
        // the metastore knows shards 1, 2 and 3, not 4
        MetaData.RetentionPolicyInfo autogen = new MetaData.RetentionPolicyInfo("autogen", 0, 7 * 86_400_000_000_000L, 1, List.of(
                new MetaData.ShardGroupInfo(1, T0, T0 + 86_400_000_000_000L, 0, 0, List.of(new MetaData.ShardInfo(1, List.of()))),
                new MetaData.ShardGroupInfo(2, T0 + 86_400_000_000_000L, T0 + 2 * 86_400_000_000_000L, 0, 0,
                        List.of(new MetaData.ShardInfo(2, List.of())))), List.of());
        MetaData.RetentionPolicyInfo dflt = new MetaData.RetentionPolicyInfo("default", 0, 7 * 86_400_000_000_000L, 1, List.of(
                new MetaData.ShardGroupInfo(3, T0, T0 + 86_400_000_000_000L, 0, 0, List.of(new MetaData.ShardInfo(3, List.of())))), List.of());
        MetaStoreWriter.writeMetaDb(dirs.meta(), MetaData.of(0, 7, 42, 3, 3, List.of(
                new MetaData.DatabaseInfo("telegraf", "autogen", List.of(autogen), List.of()),
                new MetaData.DatabaseInfo("legacy", "default", List.of(dflt), List.of())), List.of()));
    }

    @Test
    void sessionBatchListsVerifiesAndReconcilesThenTabCompletesTheDatabase() throws Exception {
        Path home = tmp.resolve("home");
        ShellProcess shell = new ShellProcess(home);
        ShellProcess.Run r = shell.feed(String.join("\n",
                "session new prod --from 1.3 --meta-dir " + dirs.meta() + " --data-dir " + dirs.data() + " --wal-dir " + dirs.wal(),
                "shard list",
                "shard list --engine b1",
                "shard verify",
                "shard reconcile --data-dir " + dirs.data() + " --meta " + dirs.meta().resolve("meta.db"),
                ""), "--format", "json", "--keep-going");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr()).contains("-:5: error: shard reconcile: 1 shard dirs unknown to the metastore")
                .doesNotContain("-:1:").doesNotContain("-:2:").doesNotContain("-:3:").doesNotContain("-:4:");
        List<String> lines = r.stdoutLines();
        assertThat(lines).hasSize(5);

        JsonNode list = SessionIT.json(lines.get(1));
        Map<Long, JsonNode> shards = byId(list.get("shards"));
        assertThat(shards.keySet()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(shards.get(1L).get("engine").asText()).isEqualTo("tsm1");
        assertThat(shards.get(1L).get("db").asText()).isEqualTo("telegraf");
        assertThat(shards.get(1L).get("tsmFiles").asInt()).isEqualTo(1);
        assertThat(shards.get(1L).get("seriesKeys").asLong()).isEqualTo(2);
        assertThat(Instant.parse(shards.get(1L).get("minTime").asText())).isEqualTo(instant(T0));
        assertThat(Instant.parse(shards.get(1L).get("maxTime").asText())).isEqualTo(instant(T0 + 9 * STEP));
        assertThat(shards.get(1L).get("index").get("type").asText()).isEqualTo("inmem");
        assertThat(shards.get(2L).get("tsmFiles").asInt()).isEqualTo(2);
        assertThat(shards.get(2L).get("seriesKeys").asLong()).isEqualTo(3);
        assertThat(shards.get(2L).get("walSegments").asInt()).isEqualTo(1);
        assertThat(shards.get(2L).get("walBytes").asLong()).isEqualTo(Files.size(dirs.wal().resolve("telegraf/autogen/2/_00001.wal")));
        assertThat(shards.get(3L).get("engine").asText()).isEqualTo("b1");
        assertThat(shards.get(3L).get("rp").asText()).isEqualTo("default");
        assertThat(shards.get(3L).get("tsmFiles").asInt()).isZero();
        assertThat(shards.get(4L).get("engine").asText()).isEqualTo("tsm1");
        JsonNode totals = list.get("totals");
        assertThat(totals.get("shards").asInt()).isEqualTo(4);
        assertThat(totals.get("tsm1").asInt()).isEqualTo(3);
        assertThat(totals.get("b1").asInt()).isEqualTo(1);
        assertThat(totals.get("tsmFiles").asLong()).isEqualTo(4);
        assertThat(findings(list, "shard.non-tsm")).singleElement()
                .satisfies(f -> assertThat(f.get("message").asText()).contains(dirs.data().resolve("legacy/default/3").toString()));

        JsonNode b1 = SessionIT.json(lines.get(2));
        assertThat(byId(b1.get("shards")).keySet()).containsExactly(3L);
        assertThat(b1.get("totals").get("b1").asInt()).isEqualTo(1);
        assertThat(b1.get("totals").get("tsm1").asInt()).isZero();
        assertThat(findings(b1, "shard.non-tsm")).hasSize(1);

        JsonNode verify = SessionIT.json(lines.get(3));
        assertThat(verify.get("files").asInt()).isEqualTo(4);
        assertThat(verify.get("blocks").asLong()).isPositive();
        assertThat(verify.get("brokenBlocks").asLong()).isZero();
        assertThat(verify.get("brokenFiles")).isEmpty();
        assertThat(findings(verify, "shard.not-verified")).hasSize(1); // the b1 shard

        JsonNode reconcile = SessionIT.json(lines.get(4));
        assertThat(reconcile.get("orphanDirs")).singleElement().satisfies(o -> {
            assertThat(o.get("id").asLong()).isEqualTo(4);
            assertThat(o.get("path").asText()).isEqualTo(dirs.data().resolve("telegraf/autogen/4").toString());
        });
        assertThat(reconcile.get("missingDirs")).isEmpty();
        assertThat(reconcile.get("pathMismatches")).isEmpty();

        // the REPL: Tab completes the database from the session's data dir; then two listings as text
        ShellProcess.Run repl = new ShellProcess(home).env("INFLUX_UPGRADE_TERM", "ansi")
                .feed("shard list --db te\t\nshard reconcile\n", "--interactive");
        String out = ReplIT.plain(repl.stdout());
        assertThat(out).contains("shard list --db telegraf");
        assertThat(out).containsPattern("ID +DB +RP +ENGINE +INDEX +TSM FILES +SIZE +MIN TIME +MAX TIME +SERIES +WAL SEGS +WAL SIZE +TEMP FILES +OWNER");
        assertThat(out).containsPattern("\\n2 +telegraf +autogen +tsm1 +inmem +2 ");
        assertThat(out).containsPattern("\\ntotal +4 +[0-9.]+ (KiB|B) +" + instant(T0) + " ");
        assertThat(out).contains("3 shards: 3 tsm1");
        assertThat(out).doesNotContain("legacy");
        // reconcile against the session's meta dir, as a table
        assertThat(out).contains("shard dirs the metastore does not know (1)");
        assertThat(out).containsPattern("\\n +4 +telegraf +autogen +" + java.util.regex.Pattern.quote(dirs.data().resolve("telegraf/autogen/4").toString()) + " +unknown");
        assertThat(out).contains("error: shard reconcile: 1 shard dirs unknown to the metastore");
    }

    @Test
    void withoutSessionTheDirsComeFromOptionsAndAFlippedBlockFailsVerify() throws Exception {
        Path broken = dirs.data().resolve("telegraf/autogen/2/000000002-000000001.tsm");
        byte[] b = Files.readAllBytes(broken);
        b[5 + 4 + 3] ^= 0x40; // header (5 bytes), the first block's CRC (4), then its data
        Files.write(broken, b);

        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).feed(String.join("\n",
                "shard list",
                "shard list --data-dir " + dirs.data(),
                "shard list --data-dir " + dirs.data() + " --wal-dir " + dirs.wal() + " --db telegraf --rp autogen",
                "shard verify --data-dir " + dirs.data() + " --id 1",
                "shard verify --data-dir " + dirs.data() + " --jobs 2",
                "shard reconcile --data-dir " + dirs.data(),
                "shard verify --data-dir " + dirs.data() + " --id x",
                ""), "--format", "json", "--keep-going");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
        List<String> lines = r.stdoutLines();
        assertThat(lines).hasSize(7);
        JsonNode noDirs = SessionIT.json(lines.get(0)).get("error");
        assertThat(noDirs.get("exitCode").asInt()).isEqualTo(2);
        assertThat(noDirs.get("message").asText()).contains("--data-dir DIR").contains("session open");
        // issue 15 item 2: without a wal dir the listing goes on, with a warning, instead of being refused
        JsonNode noWal = SessionIT.json(lines.get(1));
        assertThat(noWal.has("error")).as(noWal.toString()).isFalse();
        assertThat(byId(noWal.get("shards")).keySet()).containsExactly(1L, 2L, 3L, 4L); // every db, no --db filter here
        assertThat(r.stderr()).contains("paths.wal-dir-unknown");

        JsonNode list = SessionIT.json(lines.get(2));
        Map<Long, JsonNode> shards = byId(list.get("shards"));
        assertThat(shards.keySet()).containsExactly(1L, 2L, 4L);
        assertThat(shards.get(2L).get("walSegments").asInt()).isEqualTo(1);

        JsonNode one = SessionIT.json(lines.get(3));
        assertThat(one.get("files").asInt()).isEqualTo(1);
        assertThat(one.get("brokenFiles")).isEmpty();
        assertThat(r.stderr()).doesNotContain("-:4:");

        JsonNode all = SessionIT.json(lines.get(4));
        assertThat(all.get("brokenBlocks").asLong()).isEqualTo(1);
        assertThat(all.get("brokenFiles")).singleElement().satisfies(f -> {
            assertThat(f.get("path").asText()).isEqualTo(broken.toString());
            assertThat(f.get("shard").asLong()).isEqualTo(2);
        });
        assertThat(findings(all, "tsm.crc")).singleElement().satisfies(f ->
                assertThat(f.get("message").asText()).contains(broken.toString()).contains("block 0"));
        assertThat(r.stderr()).contains("-:5: error: shard verify: 1 of 4 TSM files broken, 1 of");

        JsonNode noMeta = SessionIT.json(lines.get(5)).get("error");
        assertThat(noMeta.get("exitCode").asInt()).isEqualTo(2);
        assertThat(noMeta.get("message").asText()).contains("--meta SOURCE");
        JsonNode badId = SessionIT.json(lines.get(6)).get("error");
        assertThat(badId.get("message").asText()).contains("--id must be a shard ID").contains("'x'");
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private Path shard(String db, String rp, long id) throws IOException {
        return Files.createDirectories(dirs.data().resolve(db).resolve(rp).resolve(String.valueOf(id)));
    }

    /** {@code series} cpu series with one float field, {@code points} points each, STEP apart from {@code start}. */
    private static void tsm(Path file, int series, int points, long start) throws IOException {
        TreeMap<String, Integer> keys = new TreeMap<>();
        for (int s = 0; s < series; s++) {
            keys.put(TsmWriter.key("cpu,host=h" + s, "usage"), s);
        }
        try (OutputStream o = Files.newOutputStream(file); TsmWriter w = new TsmWriter(o)) {
            for (var k : keys.entrySet()) {
                long[] times = new long[points];
                double[] values = new double[points];
                for (int i = 0; i < points; i++) {
                    times[i] = start + i * STEP;
                    values[i] = k.getValue() * 100 + i * 0.5;
                }
                w.writeFloats(k.getKey(), times, values);
            }
        }
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static Map<Long, JsonNode> byId(JsonNode shards) {
        Map<Long, JsonNode> out = new TreeMap<>();
        shards.forEach(s -> out.put(s.get("id").asLong(), s));
        return out;
    }

    private static List<JsonNode> findings(JsonNode result, String id) {
        List<JsonNode> out = new ArrayList<>();
        result.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id)) {
                out.add(f);
            }
        });
        return out;
    }

    /** Issue 15 items 2 and 8: shard list without a session and --wal-dir was refused; a corrupt WAL never exits 0. */
    @Test
    void listWithoutASessionAndVerifyOfTheWal() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("nosession/data/db/rp/1"));
        Path wal = Files.createDirectories(tmp.resolve("nosession/wal/db/rp/1"));
        Path seg = wal.resolve("_00001.wal");
        try (java.io.OutputStream o = Files.newOutputStream(seg); io.influxupgrade.commands.shard.WalWriter w = new io.influxupgrade.commands.shard.WalWriter(o)) {
            w.beginWrite().floats("cpu#!~#v", new long[] {1, 2}, new double[] {1, 2}).endWrite();
            w.beginWrite().floats("cpu#!~#v", new long[] {3}, new double[] {3}).endWrite();
        }
        ShellProcess shell = new ShellProcess(tmp.resolve("nosession/home"));
        ShellProcess.Run list = shell.run("shard", "list", "--data-dir", tmp.resolve("nosession/data").toString());
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stderr()).contains("paths.wal-dir-unknown");

        String[] verify = {"shard", "verify", "--data-dir", tmp.resolve("nosession/data").toString(), "--wal-dir",
                tmp.resolve("nosession/wal").toString()};
        ShellProcess.Run clean = shell.run(verify);
        assertThat(clean.exitCode()).as(clean.stderr()).isZero();
        assertThat(clean.stdout()).contains("decoded 1 WAL segments (2 entries, 3 points)");
        byte[] b = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(b, b.length - 1));
        ShellProcess.Run torn = shell.run(verify);
        assertThat(torn.exitCode()).as(torn.stdout()).isZero();
        assertThat(torn.stdout()).contains("wal.torn-tail");
        b[0] = 7;
        Files.write(seg, b);
        ShellProcess.Run corrupt = shell.run(verify);
        assertThat(corrupt.exitCode()).as(corrupt.stdout()).isEqualTo(4);
        assertThat(corrupt.stdout()).contains("wal.corrupt");
        assertThat(data).exists();
    }
}
