package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.tsi.TsiStatusCommand;

import java.nio.file.Files;
import java.util.List;

/**
 * Preflight checks of the series indexes for a 1.5+ target: flat tsi1 layouts
 * 1.5+ cannot read, databases mixing inmem and tsi1 shards, index and series files a root run left root-owned, and
 * the disk and memory the rebuild needs. One {@code tsi status} read serves all of them.
 */
public final class TsiChecks {

    private TsiChecks() {
    }

    public static List<Check> all() {
        return List.of(
                new Checks.Simple("tsi.flat-index", "tsi1 indexes in the flat 1.3/1.4 layout, which 1.5+ cannot read", c -> of(c, "tsi.flat-index")),
                new Checks.Simple("tsi.mixed-index", "databases whose shards mix inmem and tsi1 indexes", c -> of(c, "tsi.mixed-index")),
                new Checks.Simple("tsi.index-owner", "index and series files belong to the service user", c -> of(c, "tsi.index-owner")),
                new Checks.Simple("tsi.rebuild-space", "free disk and memory for building the tsi1 indexes",
                        c -> of(c, "tsi.rebuild-space", "tsi.rebuild-memory")));
    }

    /** The status read once per check run (null when there is no data dir to read). */
    public static TsiStatusCommand.TsiReport status(CheckContext c) {
        return c.memo("tsi-status", () -> {
            // a 1.4 target keeps the 1.4 document's checks (shard.tsi-rebuild-needed); TSI is part of the plan from 1.5 on
            if (c.dataDir() == null || !Files.isDirectory(c.dataDir()) || !c.session().to().atLeast(1, 5)) {
                return null;
            }
            try {
                return new TsiStatusCommand().run(new TsiStatusCommand.Request(c.dataDir(), c.walDir(), existing(c.session().getServiceUser()),
                        c.session().to(), c.session().index()));
            } catch (UpgradeException e) {
                return null;
            }
        });
    }

    /** The user when it exists here; null (owners not checked) when it does not. */
    static String existing(String user) {
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return user;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    static List<Finding> of(CheckContext c, String... ids) {
        TsiStatusCommand.TsiReport r = status(c);
        if (r == null) {
            return List.of();
        }
        List<String> wanted = List.of(ids);
        return r.findings().stream().filter(f -> wanted.contains(f.id())).toList();
    }
}
