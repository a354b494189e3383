package io.influxupgrade.shell.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Options bound to the engine's types through the converters (issue 17): a good word reaches the command as the typed
 * value it means (a filter, a shard id, a number of jobs, check ids, versions), and a bad one fails before the command
 * runs, with the engine's one-line usage error and exit 2, in the same batch on the 0.11 demo.
 */
class TypedOptionsTest {

    @Test
    void goodWordsBindAsTypedValuesAndBadOnesKeepTheEnginesMessage(@TempDir Path work) throws Exception {
        Path sandbox = work.resolve("sandbox");
        List<JsonNode> out = new ArrayList<>();
        for (String line : DemoBatch.json(work, List.of(
                "shard list --engine b1",
                "shard verify",
                "shard verify --id 1 --jobs 1",
                "check --include binary.version-mismatch,service.running",
                "shard list --engine tsm9",
                "shard verify --jobs 0",
                "shard verify --id x",
                "check --include nope",
                "tsi convert --index btree",
                "verify baseline --counts many",
                "verify baseline --window week",
                "report --to 3.x",
                "session new typed --from 1.3 --to 1.9",
                "session new typed --from 1.3 --to 1.8 --meta-dir " + sandbox.resolve("meta") + " --data-dir " + sandbox.resolve("data")
                        + " --wal-dir " + sandbox.resolve("wal")))) {
            out.add(Json.mapper().readTree(line));
        }
        assertThat(out.remove(0).get("session").asText()).isEqualTo("demo-0.11"); // the demo's own report
        assertThat(out).hasSize(14);

        JsonNode b1 = out.get(0).get("shards");
        assertThat(b1).hasSize(1);
        assertThat(b1.get(0).get("engine").asText()).isEqualTo("b1");
        int allFiles = out.get(1).get("files").asInt();
        assertThat(allFiles).isGreaterThan(1);
        assertThat(out.get(2).get("files").asInt()).isEqualTo(1);
        assertThat(out.get(3).get("summary").get("checks").asInt()).isEqualTo(2);

        List<String> errors = out.subList(4, 13).stream().map(n -> n.get("error").get("exitCode").asInt() + " "
                + n.get("error").get("message").asText()).toList();
        assertThat(errors).containsExactly(
                "2 shard list: unknown engine 'tsm9' (use tsm1, b1, bz1 or unknown)",
                "2 --jobs must be a whole number of at least 1, got '0'",
                "2 --id must be a shard ID (a whole number from 1, see 'shard list'), got 'x'",
                "2 check: unknown check id 'nope' (run 'check --list')",
                "2 tsi convert: --index takes tsi1 or inmem, not 'btree'",
                "2 expected a whole number, got 'many'",
                "2 --window week: not a duration (e.g. 24h, 7d, 2w, or all)",
                "2 --to takes 2.x here (the 1.x targets are the session's: 'session set to VERSION'), not '3.x'",
                "2 InfluxDB 1.9 is not supported (this tool knows 0.10 … 1.8)");

        JsonNode created = out.get(13);
        assertThat(created.get("name").asText()).isEqualTo("typed");
        assertThat(created.get("from").asText()).isEqualTo("1.3");
        assertThat(created.get("to").asText()).isEqualTo("1.8");
    }
}
