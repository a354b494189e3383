package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18 in the real jar: a 1.8 target's plan and route, tsi status/convert, and the 2.x preflight in check and report. */
class TargetsIT {

    @TempDir
    Path tmp;

    @Test
    void a13SandboxTo18ThenThe2xPreflight() throws Exception {
        Path dir = tmp.resolve("sandbox");
        Path v2 = Files.createDirectories(tmp.resolve("v2/engine"));
        Files.writeString(v2.resolve("data"), "2.x data");
        Path md = tmp.resolve("v2.md");
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));
        ShellProcess.Run r = shell.feed(String.join("\n",
                "demo create --layout 1.3 --dir " + dir,
                "session set to 1.8",
                "plan",
                "tsi status",
                "tsi convert --dry-run",
                "check --to 2.x --v2-path " + tmp.resolve("v2"),
                "report --to 2.x --v2-path " + tmp.resolve("v2") + " --out " + md,
                ""), "--format", "json", "--keep-going");
        List<JsonNode> out = new ArrayList<>();
        r.stdoutLines().forEach(l -> out.add(SessionIT.json(l)));
        assertThat(out).as(r.stderr()).hasSize(7);

        JsonNode plan = out.get(2);
        assertThat(plan.get("upgradePath").asText()).isEqualTo("1.3 → 1.8");
        List<String> ids = new ArrayList<>();
        plan.get("steps").forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).contains("tsi-convert", "backup-portable", "review-changes");
        assertThat(plan.at("/route/hops/0/why").asText()).startsWith("one hop");

        JsonNode tsi = out.get(3);
        assertThat(tsi.get("shards")).isNotEmpty();
        assertThat(tsi.get("targetIndex").asText()).isEqualTo("tsi1");

        JsonNode dry = out.get(4);
        assertThat(dry.get("dryRun").asBoolean()).isTrue();

        JsonNode v2check = out.get(5);
        List<String> found = new ArrayList<>();
        v2check.get("findings").forEach(f -> found.add(f.get("id").asText()));
        assertThat(found).contains("v2.target-not-empty", "v2.bucket", "v2.disk-space");
        assertThat(r.exitCode()).as("v2.target-not-empty is an ERROR").isEqualTo(4);
        assertThat(Files.readString(md)).contains("v2.target-not-empty").contains("## Buckets");
        assertThat(Files.readString(v2.resolve("data"))).isEqualTo("2.x data");
    }

    @Test
    void aPortableBackupOfTheSandboxServerIsRecordedAndCompletesItsStep() throws Exception {
        Path dir = tmp.resolve("sandbox");
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));
        ShellProcess.Run made = shell.feed("demo create --layout 1.3 --dir " + dir + " --with-server\n", "--format", "json");
        try {
            assertThat(made.exitCode()).as(made.stderr()).isZero();
            String host = SessionIT.json(made.stdoutLines().get(0)).findValue("bindAddress").asText();
            ShellProcess.Run r = shell.feed(String.join("\n",
                    "session open demo-1.3",
                    "session set to 1.8",
                    "backup portable --host " + host,
                    "restore portable --from latest --dry-run --host " + host,
                    "status",
                    ""), "--format", "json", "--keep-going");
            List<JsonNode> out = new ArrayList<>();
            r.stdoutLines().forEach(l -> out.add(SessionIT.json(l)));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            JsonNode backup = out.get(2);
            assertThat(backup.get("kind").asText()).isEqualTo("portable");
            assertThat(backup.get("verified").asBoolean()).isTrue();
            JsonNode dry = out.get(3);
            assertThat(dry.get("dryRun").asBoolean()).isTrue();
            List<String> command = new ArrayList<>();
            dry.get("command").forEach(c -> command.add(c.asText()));
            assertThat(command).contains("restore", "-portable", host);
            List<String> done = new ArrayList<>();
            out.get(4).get("steps").forEach(s -> {
                if (s.get("state").asText().equals("done")) {
                    done.add(s.get("id").asText());
                }
            });
            assertThat(done).contains("backup-portable");
        } finally {
            shell.feed("session open demo-1.3\ndemo stop\n");
        }
    }
}
