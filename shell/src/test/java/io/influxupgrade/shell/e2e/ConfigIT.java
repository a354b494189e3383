package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigIT {

    @TempDir
    Path tmp;

    @Test
    void diffBlocksThenMigrateWritesAFileThatValidates() throws Exception {
        Path old = tmp.resolve("old.conf");
        Files.writeString(old, """
                [meta]
                  dir = "/var/lib/influxdb/meta"
                [data]
                  dir = "/var/lib/influxdb/data"
                  wal-dir = "/var/lib/influxdb/wal"
                  data-logging-enabled = false
                  cache-max-memory-size = 262144000
                [cluster]
                  write-timeout = "7s"
                [http]
                  bind-address = ":9086"
                [collectd]
                  enabled = true
                  database = "collectd_db"
                """);
        Path migrated = tmp.resolve("new.conf");
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));
        ShellProcess.Run r = shell.feed(String.join("\n",
                "config diff --old " + old + " --from 0.11 --to 1.4",
                "config migrate --old " + old + " --from 0.11 --to 1.4 --out " + migrated,
                "config validate --file " + migrated + " --version 1.4",
                ""), "--format", "json", "--keep-going");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr()).contains("-:1: error: config diff " + old).doesNotContain("-:2:").doesNotContain("-:3:");
        JsonNode diff = SessionIT.json(r.stdoutLines().get(0));
        assertThat(diff.get("failed").asBoolean()).isTrue();
        assertThat(diff.get("findings").toString()).contains("collectd").contains("data-logging-enabled");
        JsonNode migration = SessionIT.json(r.stdoutLines().get(1));
        assertThat(migration.get("outFile").asText()).isEqualTo(migrated.toString());
        JsonNode validation = SessionIT.json(r.stdoutLines().get(2));
        assertThat(validation.get("failed").asBoolean()).isFalse();
        String text = Files.readString(migrated);
        assertThat(text).contains("[[collectd]]").contains("collectd_db").contains("[coordinator]").contains("\"7s\"")
                .contains("262144000").contains(":9086");
        assertThat(Files.readString(old)).contains("[cluster]");
    }

    @Test
    void malformedTomlIsOneLineWithLineAndColumn() throws Exception {
        Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, "[meta]\n  dir = \"/x\n");
        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).run("config", "diff", "--old", bad.toString());
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr().strip()).contains(bad + ":2:").doesNotContain("\n").doesNotContain("Exception");
    }
}
