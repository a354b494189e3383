package io.influxupgrade.shell.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example batch in scripts/examples runs end to end on the demo sandbox, with the exit code it documents. */
class ExamplesIT {

    @TempDir
    Path tmp;

    static Path example(String name) {
        Path p = Path.of("..", "scripts", "examples", name + ".batch").toAbsolutePath().normalize();
        assertThat(p).exists();
        return p;
    }

    private ShellProcess.Run run(String name, String layout, String... extra) {
        ShellProcess shell = new ShellProcess(tmp.resolve("home-" + name)).in(tmp);
        String[] args = new String[extra.length + 7];
        args[0] = "--demo";
        args[1] = "--layout";
        args[2] = layout;
        args[3] = "--dir";
        args[4] = tmp.resolve("sb-" + name).toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        args[5 + extra.length] = "--script";
        args[6 + extra.length] = example(name).toString();
        return shell.run(args);
    }

    @Test
    void preflightReportsRaftDbAndNonTsmShardsButRunsEveryLine() {
        ShellProcess.Run r = run("preflight", "0.11", "--keep-going");
        assertThat(r.exitCode()).isEqualTo(4);
        // raft.db is fixed by the plan's restore step: a notice, not one of the errors that fail the line
        assertThat(r.stderr()).contains("preflight.batch:8: error: check:").contains("shard.non-tsm").doesNotContain("meta.raft-db-present");
        assertThat(r.stdout()).contains("meta.raft-db-present").contains("fixed by step");
        assertThat(r.stdout()).contains("Upgrade 0.10/0.11 → 1.4").contains("bz1").contains("data-logging-enabled");
    }

    @Test
    void metaDbPathRunsToTheOperatorSteps() throws Exception {
        ShellProcess.Run r = run("upgrade-0.12-1.3-to-1.4", "1.3");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("✓").contains("next: Record SHOW DATABASES");
        assertThat(Files.readString(tmp.resolve("migrated-influxdb-1.4.conf"))).contains("[coordinator]");
    }

    @Test
    void raftPathExportsTheMetastoreThenStopsAtTheNonTsmShards() {
        ShellProcess.Run r = run("upgrade-0.10-0.11-to-1.4", "0.11");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr()).contains("upgrade-0.10-0.11-to-1.4.batch:16: error: check:").contains("shard.non-tsm")
                .doesNotContain("meta.raft-db-present");
        assertThat(r.stdout()).contains("metastore").contains("verified");
    }

    @Test
    void metastoreRecoveryPutsTheMetaDirBack() {
        ShellProcess.Run r = run("recover-metastore-missing", "0.11");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("recover metastore-missing").contains("restore meta-dir --from").contains("done");
    }

    @Test
    void pastOnePointFourTheOneHopTo18MigratesTheConfigToTsi1AndPreviewsTheRebuild() throws Exception {
        ShellProcess.Run r = run("upgrade-1.3-to-1.8", "1.3");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("hop 1.3 → 1.8").contains("influx_inspect buildtsi").contains("dry run: nothing changed")
                .contains("v2.user-admin").contains("next: Record SHOW DATABASES");
        assertThat(Files.readString(tmp.resolve("migrated-influxdb-1.8.conf"))).contains("index-version = \"tsi1\"");
        // the dry run wrote no index anywhere in the sandbox
        try (var files = Files.walk(tmp.resolve("sb-upgrade-1.3-to-1.8"))) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("index"))).isEmpty();
        }
    }
}
