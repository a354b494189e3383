package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo sandbox end to end: {@code --demo} builds it and opens its session, then a batch runs the README tour:
 * session show → check → shard list → config diff → backup meta-dir → backup metastore → restore metastore --dry-run
 * → status, plus meta show.
 */
class DemoIT {

    private static final List<String> BATCH = List.of("session show", "check", "config diff", "shard list", "meta show",
            "backup meta-dir", "backup metastore", "restore metastore --from latest --dry-run", "status");

    @TempDir
    Path tmp;

    @Test
    void demo011FlagsRaftDbRenamedKeyAndOldShards() {
        Path dir = tmp.resolve("sandbox-0.11");
        Outcome o = run("0.11", dir);
        List<JsonNode> out = o.lines();

        JsonNode demo = out.get(0);
        assertThat(demo.get("session").asText()).isEqualTo("demo-0.11");
        assertThat(demo.get("sandbox").asText()).isEqualTo(dir.toString());
        assertThat(demo.get("tour").toString()).contains("the raft snapshot plus the 4 log entries after it replayed")
                .doesNotContain("--accept-snapshot-only");

        JsonNode show = out.get(1);
        assertThat(show.get("from").asText()).isEqualTo("0.11.1");
        assertThat(show.get("to").asText()).isEqualTo("1.4");
        assertThat(show.get("metaDir").asText()).isEqualTo(dir.resolve("meta").toString());
        assertThat(show.get("serviceUser").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(show.toString()).contains("raft.db in meta dir");

        JsonNode check = out.get(2);
        // raft.db is fixed by the plan's restore-metastore step (a notice); the b1/bz1 shards nothing in the plan fixes
        assertThat(errorIds(check)).containsExactlyInAnyOrder("shard.non-tsm", "shard.non-tsm");
        assertThat(check.get("findings").toString()).contains("meta.raft-db-present").contains("fixed by step");
        assertThat(check.get("findings").toString()).contains("/servers/default/5").contains("/servers/archive/6");
        assertThat(check.get("findings").findValuesAsText("id")).doesNotContain("meta.reconcile", "perms.meta-db-owner");
        assertThat(o.stderr()).contains("-:2: error: check:");

        JsonNode diff = out.get(3);
        assertThat(diff.get("failed").asBoolean()).isFalse();
        assertThat(diff.at("/counts/renamed").asInt()).isEqualTo(1);
        assertThat(diff.get("findings").findValuesAsText("key")).contains("data.data-logging-enabled");

        JsonNode shards = out.get(4);
        assertThat(shards.get("shards").findValuesAsText("engine")).contains("b1", "bz1", "tsm1");
        assertThat(shards.get("findings").toString()).contains("ERROR");
        JsonNode meta = out.get(5);
        assertThat(meta.toString()).contains("telegraf").contains("servers").contains("sensors").contains("cq_cpu_1h");
        assertThat(meta.get("format").asText()).isEqualTo("raft: snapshot 412 + 4 log entries");
        assertThat(meta.toString()).contains("cq_load_1h").contains("logs");
        JsonNode backup = out.get(6);
        assertThat(backup.get("verified").asBoolean()).as(backup.toString()).isTrue();
        JsonNode export = out.get(7);
        assertThat(export.get("verified").asBoolean()).as(export.toString()).isTrue();
        assertThat(export.get("kind").asText()).isEqualTo("metastore");
        assertThat(export.get("detail").asText()).contains("snapshot 412 + 4 log entries").contains("auto: native");
        JsonNode dryRun = out.get(8);
        assertThat(dryRun.get("dryRun").asBoolean()).as(dryRun.toString()).isTrue();
        assertThat(dryRun.get("removes").toString()).contains("raft.db").contains("node.json");
        assertThat(dir.resolve("meta/raft.db")).as("a dry run changes nothing").exists();
        assertThat(dir.resolve("meta/meta.db")).doesNotExist();
        JsonNode status = out.get(9);
        assertThat(status.get("steps").toString()).contains("\"id\":\"backup-meta-dir\",").contains("\"state\":\"done\"");
        assertThat(status.get("next").asText()).isEqualTo("preflight");
        assertThat(status.get("steps").findValuesAsText("state")).as("a dry run does not complete restore-metastore")
                .containsExactly("next", "done", "done", "pending", "pending", "pending", "pending", "pending", "pending", "pending", "pending");
        assertThat(o.exitCode()).isEqualTo(4);
    }

    @Test
    void demo13ChecksCleanAndReportsTheClusterSection() {
        Path dir = tmp.resolve("sandbox-1.3");
        Outcome o = run("1.3", dir);
        List<JsonNode> out = o.lines();

        assertThat(out.get(0).get("session").asText()).isEqualTo("demo-1.3");
        JsonNode show = out.get(1);
        assertThat(show.get("from").asText()).isEqualTo("1.3.9");
        assertThat(show.toString()).contains("meta.db in meta dir");

        JsonNode check = out.get(2);
        assertThat(check.at("/summary/errors").asInt()).as(check.toString()).isZero();
        assertThat(errorIds(check)).isEmpty();
        assertThat(check.get("findings").findValuesAsText("id")).doesNotContain("meta.reconcile", "perms.meta-db-owner");

        JsonNode diff = out.get(3);
        assertThat(diff.get("failed").asBoolean()).isFalse();
        assertThat(diff.at("/counts/renamed").asInt()).isEqualTo(1);
        assertThat(diff.get("findings").findValuesAsText("key")).contains("[cluster]");

        JsonNode shards = out.get(4);
        assertThat(shards.get("shards").findValuesAsText("engine")).isNotEmpty().containsOnly("tsm1");
        JsonNode backup = out.get(6);
        assertThat(backup.get("verified").asBoolean()).as(backup.toString()).isTrue();
        assertThat(out.get(7).get("verified").asBoolean()).as(out.get(7).toString()).isTrue();
        assertThat(out.get(8).get("dryRun").asBoolean()).as(out.get(8).toString()).isTrue();
        assertThat(out.get(9).get("progress").asText()).isEqualTo("2/9");
        int worst = 0;
        for (JsonNode n : out) {
            boolean failed = n.path("failed").asBoolean() || n.at("/summary/errors").asInt() > 0;
            int code = n.has("error") ? n.at("/error/exitCode").asInt() : failed ? 4 : 0;
            worst = Math.max(worst, code);
        }
        assertThat(o.exitCode()).as(o.stderr()).isEqualTo(worst);
        assertThat(o.stderr()).doesNotContain("internal error");
    }

    @Test
    void withServerARealInfluxdServesTheSandboxForVerifyBaselineAndDemoStopStopsIt() {
        io.influxupgrade.commands.testing.InfluxdExtension.requireInfluxd();
        Path dir = tmp.resolve("sandbox-server");
        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).feed(String.join("\n",
                "demo create --layout 1.3 --dir " + dir + " --with-server", "verify baseline", "demo stop", ""),
                "--format", "json", "--keep-going");
        List<JsonNode> out = new ArrayList<>();
        r.stdoutLines().forEach(l -> out.add(SessionIT.json(l)));
        assertThat(out).as(r.stderr()).hasSize(3);
        long pid = out.get(0).at("/server/pid").asLong();
        try {
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(out.get(0).at("/server/url").asText()).startsWith("http://127.0.0.1:");
            JsonNode baseline = out.get(1); // the 1.3 sandbox: telegraf (3 rps), sensors (2), _internal (1); 2 CQs; 4 users
            assertThat(baseline.get("databases").asInt()).as(baseline.toString()).isEqualTo(3);
            assertThat(baseline.get("retentionPolicies").asInt()).isEqualTo(6);
            assertThat(baseline.get("continuousQueries").asInt()).isEqualTo(2);
            assertThat(baseline.get("users").asInt()).isEqualTo(4);
            assertThat(baseline.get("shards").asInt()).isPositive();
            assertThat(out.get(2).get("wasRunning").asBoolean()).isTrue();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            ProcessHandle.of(pid).filter(h -> h.info().command().orElse("").contains("influxd")).ifPresent(ProcessHandle::destroy);
        }
    }

    private record Outcome(int exitCode, String stderr, List<JsonNode> lines) {
    }

    private Outcome run(String layout, Path dir) {
        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).feed(String.join("\n", BATCH) + "\n",
                "--format", "json", "--keep-going", "--demo", "--layout", layout, "--dir", dir.toString());
        List<JsonNode> out = new ArrayList<>();
        r.stdoutLines().forEach(l -> out.add(SessionIT.json(l)));
        assertThat(out).as("one JSON line for --demo and one per batch line; stderr: " + r.stderr()).hasSize(1 + BATCH.size());
        assertThat(r.stderr()).doesNotContain("internal error");
        return new Outcome(r.exitCode(), r.stderr(), out);
    }

    private static List<String> errorIds(JsonNode check) {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : check.get("findings")) {
            if (f.get("severity").asText().equals("ERROR")) {
                ids.add(f.get("id").asText());
            }
        }
        return ids;
    }
}
