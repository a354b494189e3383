package io.influxupgrade.shell.command;

import io.influxupgrade.commands.meta.MetaDiff;
import io.influxupgrade.commands.meta.MetaDiffCommand;
import io.influxupgrade.commands.meta.MetaRefs;
import io.influxupgrade.commands.meta.MetaReport;
import io.influxupgrade.commands.meta.MetaShowCommand.Section;
import io.influxupgrade.commands.meta.MetaShowCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.render.MetaView;
import io.influxupgrade.shell.render.Output;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

/**
 * Adapters for {@code meta show} and {@code meta diff}: read a metastore from files (no server), render it.
 * {@code meta diff live SOURCE} compares the connected server with a metastore on disk (as {@code verify meta} does);
 * {@code meta show} reads files only.
 */
@Command(command = "meta", group = "Metastore")
public record MetaCommands(Workspace ws, Output out, ObjectProvider<VerifyCommands> verify) {

    @Command(command = "show", description = "Show a metastore read from files, with no server running: databases, "
            + "retention policies, shard groups (deleted ones flagged), shards, users and privileges (never a password hash), "
            + "continuous queries, subscriptions. SOURCE is a meta dir, meta.db, legacy meta.NN or backup dir, portable "
            + "*.manifest, 0.10/0.11 raft meta dir, a backup id of the session or latest (default: the session's meta dir). "
            + "Example: meta show /var/lib/influxdb/meta --section retention-policies")
    public void show(
            @Option(label = "SOURCE", longNames = "source", arityMax = 1, description = "meta dir, meta.db, meta.NN, backup dir, portable manifest, backup id or latest (default: the session's meta dir)")
            @OptionValues(provider = "paths") String source,
            @Option(label = "DB", longNames = "db", arityMax = 1, description = "only this database (users are still listed)")
            @OptionValues(provider = "metaDatabases") String db,
            @Option(label = "SECTION", longNames = "section", arityMax = 1, description = "databases|retention-policies|shard-groups|shards|users|continuous-queries|subscriptions|summary")
            @OptionValues(provider = "metaSections") Section section) {
        MetaReport r = new MetaShowCommand().run(ws, source, db, section);
        out.emit(r, t -> MetaView.show(t, r, section));
    }

    @Command(command = "diff", description = "Compare two metastores read from files and list every database, retention "
            + "policy, shard group, shard, user, privilege, continuous query or subscription added, removed or changed. "
            + "Ignores raft term/index, 0.10/0.11 node ids and the cluster id (unless --strict). Exit 4 when they differ. "
            + "Example: meta diff /var/lib/influxdb/meta /backups/pre-upgrade/meta.00 --strict")
    public void diff(
            @Option(label = "SOURCE", longNames = "source-a", arityMax = 1, required = true, description = "the first metastore (file or directory)")
            @OptionValues(provider = "paths") String a,
            @Option(label = "SOURCE", longNames = "source-b", arityMax = 1, required = true, description = "the second metastore (file or directory)")
            @OptionValues(provider = "paths") String b,
            @Option(longNames = "strict", description = "also compare the cluster id") boolean strict) {
        var onDisk = MetaRefs.againstLive(ws, a, b);
        if (onDisk.isPresent()) {
            // the proof that nothing was lost: the connected server against a metastore on disk
            verify.getObject().meta(onDisk.get());
            return;
        }
        MetaDiff d = new MetaDiffCommand().run(ws, a, b, strict);
        out.emit(d, t -> MetaView.diff(t, d));
    }
}
