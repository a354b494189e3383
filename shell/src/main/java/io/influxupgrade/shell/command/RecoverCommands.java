package io.influxupgrade.shell.command;

import io.influxupgrade.commands.recover.RecoverCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.RecoverView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;

import java.nio.file.Path;

/**
 * {@code recover [PLAYBOOK] [--run]}: shows the playbook that applies, and with --run carries out its
 * shell steps in order, checking each operator step on the machine before going past it.
 */
@Command(group = "Guided upgrade")
public record RecoverCommands(Workspace ws, Output out, ObjectProvider<CommandRunner> runner,
                              ObjectProvider<RecoverCommand.ShardSignals> shardSignals) {

    @Journaled
    @Command(command = "recover", description = "Guided recovery after a failed upgrade: raft-db-detected, metastore-missing, "
            + "permission-denied, shards-missing; without a name it lists every one whose evidence matches, most data at risk first, "
            + "and shows the first; --log FILE adds influxd's own start-up errors as evidence. --run carries out the steps the shell can do. "
            + "Example: recover metastore-missing --run")
    public void recover(@Option(label = "PLAYBOOK", arityMax = 1, longNames = "playbook", description = "which playbook (default: detected)") @OptionValues(provider = "playbooks") String playbook,
                        @Option(longNames = "run", description = "carry out the steps the shell can do") boolean run,
                        @Option(label = "FILE", longNames = "log", description = "an influxd log or pasted start-up error: its known errors count as evidence")
                        @OptionValues(provider = "paths") Path log) {
        RecoverCommand.RecoveryResult r = RecoverCommand.onThisMachine(shardSignals.getIfAvailable(() -> RecoverCommand.ShardSignals.NONE))
                .recover(ws, playbook, run, log, line -> out.nested(() -> runner.getObject().lines().run(line)));
        out.emit(r, t -> RecoverView.recovery(t, r, playbook != null));
    }
}
