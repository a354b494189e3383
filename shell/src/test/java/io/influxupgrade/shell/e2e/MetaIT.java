package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.meta.MetaData;
import io.influxupgrade.commands.meta.MetaSources;
import io.influxupgrade.commands.meta.MetaStoreWriter;
import io.influxupgrade.commands.meta.RaftLogs;
import io.influxupgrade.commands.testing.InfluxdServer;
import io.influxupgrade.commands.testing.RealInfluxd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.influxupgrade.commands.testing.InfluxdServer.ident;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code meta show} and {@code meta diff} in the real jar, on a metastore made by a real influxd (then stopped):
 * databases, retention policies, a user with a password and grants, a CQ, a subscription, a deleted shard group.
 */
@RealInfluxd
class MetaIT {

    private static final String APP_DB = "app db ü";
    private static final String HASH_PREFIX = "$2a$";

    @TempDir
    Path tmp;

    @Test
    void showAndDiffAStoppedServersMetastoreNeverShowingThePasswordHash(InfluxdServer server) throws Exception {
        Path metaDir = buildMetastore(server);
        assertThat(new String(Files.readAllBytes(metaDir.resolve("meta.db")), StandardCharsets.ISO_8859_1))
                .as("the metastore holds a bcrypt hash, so its absence from the output means something").contains(HASH_PREFIX);

        Path copy = Files.createDirectories(tmp.resolve("meta-copy"));
        Files.copy(metaDir.resolve("meta.db"), copy.resolve("meta.db"));
        MetaData original = MetaSources.read(metaDir).data();
        Path changed = Files.createDirectories(tmp.resolve("meta-changed"));
        MetaStoreWriter.writeMetaDb(changed, original.withUsers(original.users().stream().filter(u -> !u.name().equals("alice")).toList()));
        Path raftDir = Files.createDirectories(tmp.resolve("raft-meta"));
        MetaStoreWriter.writeRaftSnapshot(raftDir, original, 2, 10, 1_700_000_000_000L, List.of("127.0.0.1:8088"));
        MetaStoreWriter.writeRaftDb(raftDir, List.of(
                new RaftLogs.Entry(11, 2, RaftLogs.COMMAND, RaftLogs.createDatabaseCommand("late1")),
                new RaftLogs.Entry(12, 2, RaftLogs.COMMAND, RaftLogs.createDatabaseCommand("late2"))), 2);

        Path home = tmp.resolve("home");
        ShellProcess shell = new ShellProcess(home);
        List<String> outputs = new ArrayList<>();

        // 1. one JSON batch: a session on the stopped server's dirs, then show and an equal diff
        ShellProcess.Run json = shell.feed(String.join("\n",
                "session new prod --from 1.3 --meta-dir " + metaDir + " --data-dir " + server.dataDir() + " --wal-dir " + server.walDir(),
                "meta show",
                "meta show --section summary " + metaDir, // an option before SOURCE takes one word only
                "meta show --db telegraf",
                "meta diff " + metaDir + " " + copy + " --strict",
                ""), "--format", "json");
        outputs.add(json.stdout() + json.stderr());
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        List<String> lines = json.stdoutLines();
        assertThat(lines).hasSize(5);

        JsonNode show = SessionIT.json(lines.get(1));
        assertThat(show.get("format").asText()).isEqualTo("meta.db");
        assertThat(show.get("source").asText()).startsWith(metaDir.toString());
        assertThat(names(show.get("databases"))).contains("telegraf", APP_DB).doesNotContain("gone");
        JsonNode telegraf = byName(show.get("databases"), "telegraf");
        assertThat(telegraf.get("defaultRetentionPolicy").asText()).isEqualTo("two_weeks");
        JsonNode twoWeeks = byName(telegraf.get("retentionPolicies"), "two_weeks");
        assertThat(twoWeeks.get("duration").asText()).isEqualTo("336h0m0s");
        assertThat(twoWeeks.get("shardGroupDuration").asText()).isEqualTo("24h0m0s");
        assertThat(twoWeeks.get("replicaN").asInt()).isEqualTo(1);
        List<JsonNode> groups = new ArrayList<>();
        twoWeeks.get("shardGroups").forEach(groups::add);
        assertThat(groups).hasSize(2);
        assertThat(groups.stream().filter(g -> !g.get("deletedAt").isNull()).count()).as("the dropped shard's group is flagged, not dropped").isEqualTo(1);
        assertThat(byName(twoWeeks.get("subscriptions"), "sub0").get("destinations").toString()).contains("udp://127.0.0.1:9");
        assertThat(byName(telegraf.get("continuousQueries"), "cq_mean").get("query").asText()).contains("mean(value)");
        JsonNode alice = byName(show.get("users"), "alice");
        assertThat(alice.get("admin").asBoolean()).isFalse();
        assertThat(alice.get("privileges").get("telegraf").asText()).isEqualTo("READ");
        assertThat(alice.get("privileges").get(APP_DB).asText()).isEqualTo("ALL PRIVILEGES");
        assertThat(byName(show.get("users"), "root").get("admin").asBoolean()).isTrue();

        JsonNode summary = SessionIT.json(lines.get(2)).get("summary");
        assertThat(summary.get("databases").asLong()).isEqualTo(2);
        assertThat(summary.get("users").asLong()).isEqualTo(2);
        assertThat(summary.get("admins").asLong()).isEqualTo(1);
        assertThat(summary.get("deletedShardGroups").asLong()).isEqualTo(1);
        assertThat(summary.get("continuousQueries").asLong()).isEqualTo(1);
        assertThat(summary.get("subscriptions").asLong()).isEqualTo(1);

        assertThat(names(SessionIT.json(lines.get(3)).get("databases"))).containsExactly("telegraf");

        JsonNode equal = SessionIT.json(lines.get(4));
        assertThat(equal.get("equal").asBoolean()).isTrue();
        assertThat(equal.get("strict").asBoolean()).isTrue();
        assertThat(equal.get("differences")).isEmpty();

        // 2. text mode: tables, the DELETED flag, the raft warning, then a diff against a changed copy (exit 4)
        ShellProcess.Run text = shell.feed(String.join("\n",
                "meta show",
                "meta show " + raftDir + " --section summary",
                "meta diff " + metaDir + " " + changed,
                ""), "--wide"); // rows on one line: the assertions below read whole rows (wrapping is tested in TextTest/BatchIT)
        outputs.add(text.stdout() + text.stderr());
        assertThat(text.exitCode()).as(text.stderr()).isEqualTo(4);
        assertThat(text.stdout()).containsPattern("two_weeks +336h0m0s +24h0m0s +1 +true")
                .containsPattern("DELETED \\d{4}-\\d\\d-\\d\\dT")
                .containsPattern("alice +false +.*telegraf: READ")
                .contains("cq_mean")
                .contains("summary: 2 databases, 3 retention policies, 1 shard groups (+1 deleted)")
                .contains("raft: snapshot 10 + 2 log entries").doesNotContain("NOT included")
                .containsPattern("removed +user \"alice\"");
        assertThat(text.stderr()).contains("-:3: error: metastores differ: 1 difference").doesNotContain("Exception");

        // 3. the same diff as JSON names the change
        ShellProcess.Run diff = shell.run("--format", "json", "meta", "diff", metaDir.toString(), changed.toString());
        outputs.add(diff.stdout() + diff.stderr());
        assertThat(diff.exitCode()).as(diff.stderr()).isEqualTo(4);
        JsonNode d = SessionIT.json(diff.stdout().strip());
        assertThat(d.get("equal").asBoolean()).isFalse();
        assertThat(d.get("differences")).hasSize(1);
        assertThat(d.get("differences").get(0).get("change").asText()).isEqualTo("removed");
        assertThat(d.get("differences").get(0).get("object").asText()).isEqualTo("user");
        assertThat(d.get("differences").get(0).get("path").asText()).contains("alice");

        // 4. in the REPL: --db completes from the session's metastore, or from the SOURCE typed on the line;
        //    --section and a positional SOURCE path complete too; 'live' is refused
        Path other = Files.createDirectories(tmp.resolve("other"));
        MetaStoreWriter.writeMetaDb(other, original.withDatabases(List.of(new MetaData.DatabaseInfo("otherdb", "autogen",
                List.of(new MetaData.RetentionPolicyInfo("autogen", 0, Duration.ofDays(7).toNanos(), 1, List.of(), List.of())), List.of()))));
        ShellProcess.Run repl = shell.env("INFLUX_UPGRADE_TERM", "ansi").feed(String.join("\n",
                "meta show --db tele\t--section summ\t",
                "meta show " + other + " --db oth\t--section summ\t",
                "meta show " + tmp.resolve("raft-me") + "\t",
                "meta show live",
                ""), "--interactive");
        outputs.add(repl.stdout() + repl.stderr());
        String replOut = ReplIT.plain(repl.stdout());
        assertThat(replOut).contains("meta show --db telegraf --section summary");
        assertThat(replOut).containsPattern("databases +1\nretention policies +2");
        assertThat(replOut).contains("meta show " + other + " --db otherdb --section summary");
        assertThat(replOut).containsPattern("databases +1\nretention policies +1");
        assertThat(replOut).contains("meta show " + raftDir + "/").contains("(raft: snapshot 10 + 2 log entries, raft index 12");
        assertThat(replOut).contains("error: meta show: live sources need 'verify meta'");

        assertThat(String.join("\n", outputs)).doesNotContain(HASH_PREFIX);
    }

    @Test
    void badInputIsOneLineWithTheRightExitCode() throws Exception {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        byte[] valid = MetaStoreCodecBytes.sample(tmp.resolve("sample"));
        Files.write(bad.resolve("meta.db"), java.util.Arrays.copyOf(valid, valid.length / 2));
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));

        ShellProcess.Run truncated = shell.run("meta", "show", bad.resolve("meta.db").toString());
        assertThat(truncated.exitCode()).as(truncated.stderr()).isEqualTo(4);
        assertOneLine(truncated, bad.resolve("meta.db").toString());

        Path missing = tmp.resolve("no-such-dir");
        ShellProcess.Run gone = shell.run("meta", "diff", missing.toString(), bad.toString());
        assertThat(gone.exitCode()).as(gone.stderr()).isIn(2, 5);
        assertOneLine(gone, missing.toString());

        ShellProcess.Run noSession = shell.run("meta", "show", "--section", "summary");
        assertThat(noSession.exitCode()).as(noSession.stderr()).isEqualTo(3);
        assertOneLine(noSession, "meta show: no SOURCE given and no session open");

        ShellProcess.Run live = shell.run("meta", "diff", "live", bad.toString());
        assertThat(live.exitCode()).as(live.stderr()).isEqualTo(3);
        assertOneLine(live, "not connected");
    }

    @Test
    void flagsMayComeBeforeValuesAndStrayWordsAreRefusedByName() throws Exception {
        Path a = tmp.resolve("a");
        MetaStoreCodecBytes.sample(a);
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.copy(a.resolve("meta.db"), b.resolve("meta.db"));
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));

        for (String[] words : List.of(new String[] {"meta", "diff", "--strict", a.toString(), b.toString()},
                new String[] {"meta", "diff", a.toString(), "--strict", b.toString()},
                new String[] {"meta", "diff", a.toString(), b.toString(), "--strict"})) {
            ShellProcess.Run r = shell.run(words);
            assertThat(r.exitCode()).as(String.join(" ", words) + ": " + r.stderr()).isZero();
            assertThat(r.stdout()).as("--strict was understood").contains("[strict]");
        }

        ShellProcess.Run extra = shell.run("meta", "diff", a.toString(), b.toString(), "extra");
        assertThat(extra.exitCode()).isEqualTo(2);
        assertOneLine(extra, "meta diff: unexpected argument 'extra'");

        ShellProcess.Run stray = shell.run("shard", "list", tmp.toString());
        assertThat(stray.exitCode()).isEqualTo(2);
        assertOneLine(stray, "shard list: unexpected argument '" + tmp + "' (values need their --option");

        ShellProcess.Run unnamed = shell.run("restore", "metastore", "latest");
        assertThat(unnamed.exitCode()).isEqualTo(2);
        assertOneLine(unnamed, "did you mean --from?");

        ShellProcess.Run help = shell.run("help", "no-such-command");
        assertThat(help.exitCode()).isEqualTo(2);
        assertOneLine(help, "unknown command 'no-such-command'");
    }

    /** Issue 20 item 3: meta show took only paths of metastores, not a backup id, 'latest' or our backup folder. */
    @Test
    void metaShowReadsLatestABackupIdAndOurBackupFolder() {
        Path dir = tmp.resolve("sandbox");
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));
        ShellProcess.Run made = shell.feed(String.join("\n", "demo create --layout 1.3 --dir " + dir,
                "backup meta-dir", "meta show --section summary", ""), "--format", "json");
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        List<JsonNode> out = new ArrayList<>();
        made.stdoutLines().forEach(l -> out.add(SessionIT.json(l)));
        String id = out.get(1).get("id").asText();
        String folder = out.get(1).get("path").asText();
        JsonNode live = out.get(2);
        assertThat(live.at("/summary/databases").asInt()).as(live.toString()).isPositive();

        for (String ref : List.of("latest", id, folder)) {
            ShellProcess.Run r = shell.feed("session open demo-1.3\nmeta show " + ref + " --section summary\n", "--format", "json");
            assertThat(r.exitCode()).as(ref + ": " + r.stderr()).isZero();
            JsonNode shown = SessionIT.json(r.stdoutLines().get(1));
            assertThat(shown.get("summary")).as(ref).isEqualTo(live.get("summary"));
            assertThat(shown.get("source").asText()).as(ref).startsWith(folder);
        }
        ShellProcess.Run diff = shell.feed("session open demo-1.3\nmeta diff latest " + dir.resolve("meta") + "\n", "--format", "json");
        assertThat(diff.exitCode()).as(diff.stderr()).isZero();

        ShellProcess.Run noSession = new ShellProcess(tmp.resolve("empty-home")).run("meta", "show", "latest");
        assertThat(noSession.exitCode()).as(noSession.stderr()).isEqualTo(3);
        assertOneLine(noSession, "'latest' names the newest verified backup of a session");
    }

    private static void assertOneLine(ShellProcess.Run r, String expected) {
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr().strip()).startsWith("error: ").contains(expected).doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** A small valid meta.db written by the codec (the bad-input test needs no server). */
    static final class MetaStoreCodecBytes {
        static byte[] sample(Path dir) throws Exception {
            Files.createDirectories(dir);
            MetaData data = MetaData.of(1, 5, 42, 0, 0,
                    List.of(new MetaData.DatabaseInfo("db", "autogen", List.of(new MetaData.RetentionPolicyInfo("autogen", 0,
                            Duration.ofDays(7).toNanos(), 1, List.of(), List.of())), List.of())), List.of());
            return Files.readAllBytes(MetaStoreWriter.writeMetaDb(dir, data));
        }
    }

    /** Fills a real influxd, stops it and returns its meta dir. */
    private static Path buildMetastore(InfluxdServer server) {
        server.query("CREATE DATABASE telegraf");
        server.query("CREATE RETENTION POLICY two_weeks ON telegraf DURATION 14d REPLICATION 1 SHARD DURATION 1d DEFAULT");
        server.query("CREATE DATABASE " + ident(APP_DB));
        server.query("CREATE DATABASE gone");
        server.query("DROP DATABASE gone");
        server.query("CREATE USER root WITH PASSWORD 'root-pass' WITH ALL PRIVILEGES");
        server.query("CREATE USER alice WITH PASSWORD 'alice-pass'");
        server.query("GRANT READ ON telegraf TO alice");
        server.query("GRANT ALL ON " + ident(APP_DB) + " TO alice");
        server.query("CREATE CONTINUOUS QUERY cq_mean ON telegraf BEGIN SELECT mean(value) INTO telegraf.autogen.cpu_mean "
                + "FROM telegraf.two_weeks.cpu GROUP BY time(1h) END");
        server.query("CREATE SUBSCRIPTION sub0 ON telegraf.two_weeks DESTINATIONS ALL 'udp://127.0.0.1:9'");
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        long old = now - Duration.ofDays(3).toNanos();
        server.write("telegraf", "two_weeks", "cpu value=1 " + old + "\ncpu value=2 " + now);
        server.query("DROP SHARD " + oldestShard(server.query("SHOW SHARDS"), old));
        server.stop();
        return server.metaDir();
    }

    /** The id of the telegraf shard whose range holds {@code t}, from SHOW SHARDS. */
    private static long oldestShard(String showShards, long t) {
        try {
            JsonNode series = Json.mapper().readTree(showShards).get("results").get(0).get("series");
            for (JsonNode s : series) {
                if (!s.get("name").asText().equals("telegraf")) {
                    continue;
                }
                List<String> cols = new ArrayList<>();
                s.get("columns").forEach(c -> cols.add(c.asText()));
                for (JsonNode v : s.get("values")) {
                    Instant start = Instant.parse(v.get(cols.indexOf("start_time")).asText());
                    Instant end = Instant.parse(v.get(cols.indexOf("end_time")).asText());
                    Instant at = Instant.ofEpochSecond(0, t);
                    if (!at.isBefore(start) && at.isBefore(end)) {
                        return v.get(cols.indexOf("id")).asLong();
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError("unexpected SHOW SHARDS answer: " + showShards, e);
        }
        throw new AssertionError("no telegraf shard holds " + t + ": " + showShards);
    }

    private static List<String> names(JsonNode array) {
        List<String> n = new ArrayList<>();
        array.forEach(x -> n.add(x.get("name").asText()));
        return n;
    }

    private static JsonNode byName(JsonNode array, String name) {
        for (JsonNode x : array) {
            if (x.get("name").asText().equals(name)) {
                return x;
            }
        }
        throw new AssertionError("no '" + name + "' in " + array);
    }
}
