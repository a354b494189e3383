package io.influxupgrade.commands.shard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a shard is called: the rule for a shard ID as a directory name, and the db → rp → ids tree read from names
 * alone (for completion).
 */
final class ShardNames {

    private ShardNames() {
    }

    /** See {@link DataDirScanner#names(Path)}. */
    static SortedMap<String, SortedMap<String, SortedSet<Long>>> tree(Path dataDir) {
        SortedMap<String, SortedMap<String, SortedSet<Long>>> out = new TreeMap<>();
        String[] dbs = dataDir.toFile().list();
        if (dbs == null) {
            return out;
        }
        for (String db : dbs) {
            Path dbDir = dataDir.resolve(db);
            if (Files.isSymbolicLink(dbDir) || !Files.isDirectory(dbDir, ShardFs.NOFOLLOW)) {
                continue;
            }
            String[] rps = dbDir.toFile().list();
            SortedMap<String, SortedSet<Long>> byRp = new TreeMap<>();
            for (String rp : rps == null ? new String[0] : rps) {
                Path rpDir = dbDir.resolve(rp);
                if (rp.equals("_series") || Files.isSymbolicLink(rpDir) || !Files.isDirectory(rpDir, ShardFs.NOFOLLOW)) {
                    continue;
                }
                SortedSet<Long> ids = new TreeSet<>();
                String[] shards = rpDir.toFile().list();
                for (String id : shards == null ? new String[0] : shards) {
                    if (isShardId(id)) {
                        ids.add(Long.parseUnsignedLong(id));
                    }
                }
                byRp.put(rp, ids);
            }
            out.put(db, byRp);
        }
        return out;
    }

    /** A decimal shard ID: 1 to 20 digits (no sign) that fit in an unsigned 64-bit integer. */
    static boolean isShardId(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return n < 20 || fitsUint64(s);
    }

    private static boolean fitsUint64(String s) {
        try {
            Long.parseUnsignedLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
