package io.influxupgrade.shell.command;

import io.influxupgrade.commands.StepIds;
import io.influxupgrade.commands.StepResult;
import io.influxupgrade.commands.check.ServiceProbes;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.tsi.SeriesIndex;
import io.influxupgrade.commands.tsi.TsiConvertCommand;
import io.influxupgrade.commands.tsi.TsiStatusCommand;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.TsiView;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;

/** Adapters for {@code tsi status} and {@code tsi convert}: the series index of every shard for a 1.5+ target. */
@Command(command = "tsi", group = "Guided upgrade")
public record TsiCommands(Workspace ws, Output out) {

    @Command(command = "status", description = "The index of every shard (inmem, tsi1 partitioned, flat 1.3/1.4), databases mixing "
            + "them, index files not owned by the service user, and the disk and memory a tsi1 rebuild needs (series counted "
            + "from the TSM indexes); exit 4 on an ERROR. Example: tsi status")
    public void status() {
        TsiStatusCommand.TsiReport r = new TsiStatusCommand().run(ws);
        out.emit(r, t -> TsiView.status(t, r, ws.session().getServiceUser()));
    }

    @Journaled
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
        out.emit(new StepResult<>(c, dryRun ? null : StepIds.TSI_CONVERT), t -> TsiView.convert(t, c));
    }
}
