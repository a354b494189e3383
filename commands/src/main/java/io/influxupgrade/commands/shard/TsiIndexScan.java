package io.influxupgrade.commands.shard;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A tsm1 shard's {@code index} directory (the tsi1 index): which layout it has, from its MANIFEST files alone: flat
 * and written by 1.3 (no version: 1.4 refuses it), flat 1.4 (1.5 and later want it rebuilt) or partitioned (1.5 and
 * later), and whether each MANIFEST can be read.
 */
final class TsiIndexScan {

    private static final int MAX_MANIFEST = 1 << 20;

    private final ShardFs fs;

    TsiIndexScan(ShardFs fs) {
        this.fs = fs;
    }

    /** The index of shard {@code id} ({@code db}/{@code rp}) kept in {@code indexDir}; problems go to {@code findings}. */
    IndexInfo scan(long id, String db, String rp, Path indexDir, List<Finding> findings) {
        Path flat = indexDir.resolve("MANIFEST");
        String fix13 = "with influxd stopped, move " + indexDir + " aside (1.4 then opens the shard with the inmem index), or rebuild it with "
                + "the target's influx_inspect buildtsi";
        if (Files.exists(flat, ShardFs.NOFOLLOW)) {
            Integer version = manifestVersion(flat);
            if (version == null) {
                findings.add(Finding.error("shard.tsi-manifest-unreadable", "tsi1 MANIFEST " + flat + " of shard " + id + " cannot be read",
                        fix13));
                return new IndexInfo("tsi1", "flat", false);
            }
            if (version == 0) {
                findings.add(Finding.warning("shard.tsi-rebuild-needed", "shard " + id + " (" + db + "/" + rp
                        + ") has a tsi1 index built by 1.3 (MANIFEST without version); 1.4 rejects it with 'incompatible tsi1 index MANIFEST'",
                        fix13));
                return new IndexInfo("tsi1", "flat-1.3", true);
            }
            findings.add(Finding.notice("shard.tsi-flat", "shard " + id + " has a flat 1.4 tsi1 index; 1.5 and later need it rebuilt",
                    "after an upgrade past 1.4, rebuild it with influx_inspect buildtsi"));
            return new IndexInfo("tsi1", "flat-1.4", true);
        }
        boolean readable = true;
        int partitions = 0;
        for (Path part : fs.list(indexDir, findings)) {
            String n = ShardFs.name(part);
            if (!n.chars().allMatch(Character::isDigit)) {
                continue;
            }
            partitions++;
            Integer v = manifestVersion(part.resolve("MANIFEST"));
            if (v == null || v == 0) {
                readable = false;
                findings.add(Finding.error("shard.tsi-manifest-unreadable", "tsi1 MANIFEST " + part.resolve("MANIFEST") + " of shard "
                        + id + " is missing, unreadable or has no version", "rebuild the index with influx_inspect buildtsi"));
            }
        }
        if (partitions == 0) {
            findings.add(Finding.error("shard.tsi-manifest-unreadable", "tsi1 index " + indexDir + " of shard " + id
                    + " has no MANIFEST", fix13));
            return new IndexInfo("tsi1", null, false);
        }
        return new IndexInfo("tsi1", "partitioned", readable);
    }

    /** The MANIFEST's version (0 when absent), or null when it cannot be read as a JSON object. */
    private static Integer manifestVersion(Path manifest) {
        try {
            BasicFileAttributes a = Files.readAttributes(manifest, BasicFileAttributes.class, ShardFs.NOFOLLOW);
            if (!a.isRegularFile() || a.size() > MAX_MANIFEST) {
                return null;
            }
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(manifest));
            if (n == null || !n.isObject()) {
                return null;
            }
            JsonNode v = n.get("version");
            return v == null || !v.canConvertToInt() ? 0 : v.asInt();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
