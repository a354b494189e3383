package io.influxupgrade.shell.render;

import io.influxupgrade.commands.tsi.TsiConvertCommand;
import io.influxupgrade.commands.tsi.TsiStatusCommand;

import java.util.ArrayList;
import java.util.List;

/** How the series indexes read as text: {@code tsi status} and {@code tsi convert}. */
public final class TsiView {

    private TsiView() {
    }

    /** {@code serviceUser}: who should own the index files (the OWNERS column names the others). */
    public static void status(Text t, TsiStatusCommand.TsiReport r, String serviceUser) {
        t.heading("Series indexes in " + r.dataDir() + " (target " + r.target() + ", index " + r.targetIndex() + ")");
        List<List<String>> rows = new ArrayList<>();
        for (TsiStatusCommand.ShardIndex i : r.shards()) {
            rows.add(List.of(Long.toString(i.id()), i.db(), i.rp(), i.index() + (i.layout() == null ? "" : " " + i.layout()),
                    i.seriesKeys() == null ? "?" : Long.toString(i.seriesKeys()), i.needsBuild() ? "build" : "",
                    i.foreignOwners().isEmpty() ? "" : i.foreignOwners().size() + " not " + serviceUser));
        }
        t.table(List.of("SHARD", "DB", "RP", "INDEX", "SERIES", "TO DO", "OWNERS"), rows);
        TsiStatusCommand.Resources res = r.resources();
        t.line(res.shardsToBuild() + " shard(s) to index, " + res.seriesToIndex() + " series; disk ~" + res.diskNeeded()
                + " bytes (free " + res.diskFree() + "), memory ~" + res.memoryNeeded() + " bytes (available " + res.memoryAvailable() + ")");
        PlanView.findings(t, r.findings(), r.findings().size() + " finding(s)");
    }

    public static void convert(Text t, TsiConvertCommand.TsiConversion c) {
        c.notes().forEach(n -> t.line(t.style().warn("note: ") + n));
        List<List<String>> rows = new ArrayList<>();
        for (TsiConvertCommand.ShardConversion sc : c.shards()) {
            rows.add(List.of(Long.toString(sc.id()), sc.db() + "/" + sc.rp(), sc.before() + " → " + sc.after(),
                    sc.command().isEmpty() ? "" : String.join(" ", sc.command()), sc.outcome()));
        }
        if (!rows.isEmpty()) {
            t.table(List.of("SHARD", "DB/RP", "INDEX", "COMMAND", "OUTCOME"), rows);
        }
        c.ownersFixed().forEach(f -> t.line("done: " + f));
        if (c.backupFolder() != null) {
            t.line("old index dirs: " + c.backupFolder());
        }
        t.line(c.dryRun() ? t.style().dim("dry run: nothing changed") : t.style().ok(c.shards().size() + " shard(s) now " + c.index()
                + (c.index().equals("tsi1") ? ", built as " + c.runAs() : "")));
    }
}
