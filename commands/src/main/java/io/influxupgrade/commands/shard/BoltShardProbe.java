package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.bolt.BoltBucket;
import io.influxupgrade.commands.bolt.BoltFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Tells b1 from bz1 by contents (format doc section 5.5, the rule of influx_tsm): no top-level {@code meta} bucket
 * means b1; otherwise {@code meta/format} "b1" or "v1" is b1, "bz1" is bz1, anything else is unknown. Also counts the
 * series ({@code series} bucket of b1, sub-buckets of {@code points} in bz1). Never throws.
 */
final class BoltShardProbe {

    private BoltShardProbe() {
    }

    static ShardFileProbe.Result probe(Path file) {
        if (!BoltFile.looksLikeBolt(file)) {
            return new ShardFileProbe.Result("unknown", "not a BoltDB file (no BoltDB magic in its first page)", 0);
        }
        try (BoltFile bolt = BoltFile.open(file)) {
            BoltBucket root = bolt.root();
            BoltBucket meta = root.bucket("meta");
            String engine;
            if (meta == null) {
                engine = "b1";
            } else {
                byte[] format = meta.get("format".getBytes(StandardCharsets.UTF_8));
                String f = format == null ? null : new String(format, StandardCharsets.UTF_8);
                if ("b1".equals(f) || "v1".equals(f)) {
                    engine = "b1";
                } else if ("bz1".equals(f)) {
                    engine = "bz1";
                } else {
                    return new ShardFileProbe.Result("unknown", "a BoltDB file whose meta/format is "
                            + (f == null ? "missing" : "'" + printable(f) + "'") + " (neither b1 nor bz1)", 0);
                }
            }
            BoltBucket index = root.bucket(engine.equals("b1") ? "series" : "points");
            return new ShardFileProbe.Result(engine, null, index == null ? 0 : index.count());
        } catch (UpgradeException e) {
            return new ShardFileProbe.Result("unknown", "a corrupt BoltDB file: " + e.getMessage(), 0);
        } catch (RuntimeException e) {
            // a reader bug must not stop the inventory of the other shards
            return new ShardFileProbe.Result("unknown", "the BoltDB reader failed (internal error, please report): " + e, 0);
        }
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
