package io.influxupgrade.commands.plan;

import io.influxupgrade.commands.InfluxVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * The hops an upgrade must pass through, from the installed release to the target, and why each hop is there. Only
 * one hop is ever forced: a 0.10/0.11 metastore lives in a raft log ({@code raft.db} + snapshots) that no release
 * from 0.12 on reads, so it crosses by the 1.4 document's metastore path (export {@code meta.00} with the old binary
 * while it runs, restore it offline into {@code meta.db} as {@code influxd restore -metadir} does). 1.5+ keep that
 * legacy restore only as a deprecated mode, and their portable restore needs a portable backup, which 0.10/0.11
 * cannot make, and a running 1.5+ server, which has no metastore yet. The shards need no stop on the way: every 1.x
 * reads the TSM files of 0.11+ (b1/bz1 must be converted by influx_tsm before, as on the 1.4 path), so no 1.4
 * binary has to be installed or started; the metastore written in the 1.4 layout is the {@code meta.db} every 1.x reads.
 */
public record Route(String from, String to, List<Hop> hops) {

    /** One hop: from and to, what it does and why it cannot be skipped or merged. */
    public record Hop(String from, String to, String does, String why) {
    }

    public Route {
        hops = List.copyOf(hops);
    }

    public static Route of(InfluxVersion from, InfluxVersion to) {
        return of(from, to, "tsi1");
    }

    /** The route when the target runs with {@code index} ({@code tsi1} or {@code inmem}: inmem builds no index). */
    public static Route of(InfluxVersion from, InfluxVersion to, String index) {
        List<Hop> hops = new ArrayList<>();
        if (from == null || to == null || from.compareTo(to) >= 0) {
            return new Route(String.valueOf(from), String.valueOf(to), hops);
        }
        boolean tsi = to.atLeast(1, 5) && !"inmem".equals(index);
        if (from.isRaftEra()) {
            hops.add(new Hop(from.line(), "1.4", "metastore: export meta.00 with the old binary, restore it into meta.db (influxd restore -metadir); "
                    + "b1/bz1 shards converted to TSM before",
                    "0.12+ cannot read raft.db; the only way across is the 1.4 document's export and offline restore"
                            + (to.atLeast(1, 5) ? " (deprecated in 1.5+, still the only reader of a 0.10/0.11 meta.00; "
                            + "portable backups need 1.5+ at both ends)" : "")));
            if (to.atLeast(1, 5)) {
                hops.add(new Hop("1.4", to.line(), "binary " + to.line() + ", config migrated to " + to.line()
                        + (tsi ? ", shards indexed with tsi1 (buildtsi)" : ""),
                        "no 1.4 binary is installed: " + to.line() + " reads the meta.db written in the 1.4 layout and the same TSM shards"));
            }
        } else {
            StringBuilder does = new StringBuilder("binary " + to.line() + ", config migrated to " + to.line());
            if (tsi) {
                does.append(from.atLeast(1, 5) ? ", inmem shards indexed with tsi1 (partitioned tsi1 indexes kept)"
                        : ", shards indexed with tsi1 (buildtsi; 1.3/1.4 flat tsi1 indexes removed first)");
            }
            if (from.atLeast(1, 5)) {
                does.append(", portable backup before the switch");
            }
            hops.add(new Hop(from.line(), to.line(), does.toString(),
                    "one hop: " + to.line() + " reads the meta.db and TSM shards of " + from.line() + " directly"));
        }
        return new Route(from.line(), to.line(), hops);
    }

    /** "0.11 → 1.4 (metastore) → 1.8" or "1.3 → 1.8". */
    public String label() {
        if (hops.isEmpty()) {
            return "no upgrade path";
        }
        StringBuilder sb = new StringBuilder(hops.get(0).from());
        for (int i = 0; i < hops.size(); i++) {
            Hop h = hops.get(i);
            sb.append(" → ").append(h.to());
            if (hops.size() > 1 && i < hops.size() - 1) {
                sb.append(" (metastore)");
            }
        }
        return sb.toString();
    }
}
