package io.influxupgrade.shell.command;

import io.influxupgrade.commands.check.ServiceProbes;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.tsi.SeriesIndex;
import io.influxupgrade.commands.tsi.TsiConvertCommand;
import io.influxupgrade.commands.tsi.TsiStatusCommand;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Adapters for {@code tsi status} and {@code tsi convert}: the series index of every shard for a 1.5+ target. */
@Command(command = "tsi", group = "Guided upgrade")
public class TsiCommands extends Adapter {

    public TsiCommands(Workspace ws, Output out) {
        super(ws, out, "tsi convert");
    }

    @Command(command = "status", description = "The index of every shard (inmem, tsi1 partitioned, flat 1.3/1.4), databases mixing "
            + "them, index files not owned by the service user, and the disk and memory a tsi1 rebuild needs (series counted "
            + "from the TSM indexes); exit 4 on an ERROR. Example: tsi status")
    public void status() {
        TsiStatusCommand.TsiReport r = new TsiStatusCommand().run(ws);
        out.emit(r, t -> {
            t.heading("Series indexes in " + r.dataDir() + " (target " + r.target() + ", index " + r.targetIndex() + ")");
            List<List<String>> rows = new ArrayList<>();
            for (TsiStatusCommand.ShardIndex i : r.shards()) {
                rows.add(List.of(Long.toString(i.id()), i.db(), i.rp(), i.index() + (i.layout() == null ? "" : " " + i.layout()),
                        i.seriesKeys() == null ? "?" : Long.toString(i.seriesKeys()), i.needsBuild() ? "build" : "",
                        i.foreignOwners().isEmpty() ? "" : i.foreignOwners().size() + " not " + ws.session().getServiceUser()));
            }
            t.table(List.of("SHARD", "DB", "RP", "INDEX", "SERIES", "TO DO", "OWNERS"), rows);
            TsiStatusCommand.Resources res = r.resources();
            t.line(res.shardsToBuild() + " shard(s) to index, " + res.seriesToIndex() + " series; disk ~" + res.diskNeeded()
                    + " bytes (free " + res.diskFree() + "), memory ~" + res.memoryNeeded() + " bytes (available " + res.memoryAvailable() + ")");
            io.influxupgrade.shell.render.PlanView.findings(t, r.findings(), r.findings().size() + " finding(s)");
        });
    }

    @Command(command = "convert", description = "Give every shard the target's index with influxd stopped: old index dirs are moved "
            + "into a backup folder first, then influx_inspect buildtsi runs per shard as the service user (runuser when root), and "
            + "index and series files left owned by anyone else are chowned; --index inmem only moves the index dirs aside. "
            + "Example: tsi convert --dry-run")
    public void convert(
            @Option(label = "tsi1|inmem", longNames = "index", description = "the index to convert to (default: the session's)") @OptionValues(provider = "tsiIndexes") SeriesIndex index,
            @Option(label = "DB", longNames = "db", description = "only this database") String db,
            @Option(label = "PATH", longNames = "influx-inspect", description = "the target's influx_inspect (default: on PATH)") @OptionValues(provider = "paths") Path inspect,
            @Option(longNames = "fix-owners", description = "only chown the index and series files to the service user") boolean fixOwners,
            @Option(longNames = "dry-run", description = "show what would be done; write nothing") boolean dryRun) {
        TsiConvertCommand.TsiConversion c = new TsiConvertCommand(ServiceProbes.forSession(ws.session()))
                .run(ws, index, db, inspect, fixOwners, dryRun);
        // a dry run converts nothing, so it completes no step
        out.emit(new io.influxupgrade.commands.StepResult<>(c, dryRun ? null : io.influxupgrade.commands.StepIds.TSI_CONVERT), t -> {
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
        });
    }
}
