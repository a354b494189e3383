package io.influxupgrade.shell.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the runner does with a command's result, in one batch in this JVM on the 0.11 demo (read back through
 * {@code --format json}): a plan step is done when the result says so, not when a command of a certain name
 * succeeded, so a listing ({@code check --list}) or a preview ({@code --dry-run}) completes nothing and the real
 * command does; and an option value a converter refuses fails with the engine's own message, exit 2.
 */
class StepRecordingTest {

    @Test
    void stepsComeFromResultsAndRefusedValuesKeepTheEnginesMessage(@TempDir Path work) throws Exception {
        List<String> json = DemoBatch.json(work, List.of("check --list", "perms fix --dry-run", "backup list", "status",
                "backup meta-dir", "perms fix", "backup metastore --via native", "restore metastore --from latest --dry-run", "status",
                "backup metastore --via bogus", "meta show --section bogus"));
        List<Map<String, String>> statuses = new ArrayList<>();
        List<JsonNode> errors = new ArrayList<>();
        for (String line : json) {
            JsonNode n = Json.mapper().readTree(line);
            if (n.has("steps") && n.has("progress")) {
                Map<String, String> states = new HashMap<>();
                n.get("steps").forEach(s -> states.put(s.get("id").asText(), s.get("state").asText()));
                statuses.add(states);
            } else if (n.has("error")) {
                errors.add(n.get("error"));
            }
        }
        assertThat(statuses).hasSize(2);
        assertThat(statuses.get(0)).containsEntry("preflight", "next").containsEntry("perms-fix", "pending")
                .containsEntry("backup-meta-dir", "pending");
        assertThat(statuses.get(1)).containsEntry("backup-meta-dir", "done").containsEntry("perms-fix", "done")
                .containsEntry("backup-metastore", "done").doesNotContainEntry("restore-metastore", "done");

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("exitCode").asInt()).isEqualTo(2);
        assertThat(errors.get(0).get("message").asText()).isEqualTo("--via bogus: expected influxd, native or auto");
        assertThat(errors.get(1).get("message").asText()).startsWith("meta show: unknown section 'bogus'");
    }
}
