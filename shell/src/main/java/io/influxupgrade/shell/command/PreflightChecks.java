package io.influxupgrade.shell.command;

import io.influxupgrade.commands.check.Check;
import io.influxupgrade.commands.check.Checks;
import io.influxupgrade.commands.check.ShardChecks;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** The list of preflight checks the shell runs, in report order. */
@Component
public class PreflightChecks {

    public List<Check> all() {
        List<Check> all = new ArrayList<>(Checks.basic());
        all.addAll(ShardChecks.all());
        all.addAll(io.influxupgrade.commands.check.TsiChecks.all());
        return all;
    }

    /** What 'recover' asks about shards. */
    @org.springframework.context.annotation.Bean
    io.influxupgrade.commands.recover.RecoverCommand.ShardSignals shardSignals() {
        return io.influxupgrade.commands.recover.RecoverCommand.ShardSignals.scanned();
    }
}
