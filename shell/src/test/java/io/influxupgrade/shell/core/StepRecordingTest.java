package io.influxupgrade.shell.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import io.influxupgrade.shell.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan step is done when the command's result says so, not when a command of a certain name succeeded: a listing
 * ({@code check --list}) or a preview ({@code --dry-run}) completes nothing, the real command does. One batch in
 * this JVM on the 0.11 demo, read back through {@code status --format json}.
 */
class StepRecordingTest {

    @Test
    void listingsAndDryRunsCompleteNoStepAndTheRealCommandsDo(@TempDir Path work) throws Exception {
        Map<String, String> before = states(work.resolve("a"), List.of("check --list", "perms fix --dry-run", "backup list", "status"));
        assertThat(before).containsEntry("preflight", "next").containsEntry("perms-fix", "pending")
                .containsEntry("backup-meta-dir", "pending");

        Map<String, String> after = states(work.resolve("b"), List.of("backup meta-dir", "perms fix", "backup metastore --via native",
                "restore metastore --from latest --dry-run", "status"));
        assertThat(after).containsEntry("backup-meta-dir", "done").containsEntry("perms-fix", "done")
                .containsEntry("backup-metastore", "done").doesNotContainEntry("restore-metastore", "done");
    }

    /** Runs the lines as a batch with {@code --format json} and returns the last line's (status) step states by id. */
    private static Map<String, String> states(Path work, List<String> lines) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        try {
            System.setIn(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            Main.run(new String[] {"--home", work.resolve("home").toString(), "--no-color", "--demo", "--layout", "0.11",
                    "--dir", work.resolve("sandbox").toString(), "--keep-going", "--format", "json"}, Map.of(), false);
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
        List<String> json = stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
        JsonNode status = Json.mapper().readTree(json.get(json.size() - 1));
        Map<String, String> states = new HashMap<>();
        status.get("steps").forEach(s -> states.put(s.get("id").asText(), s.get("state").asText()));
        return states;
    }
}
