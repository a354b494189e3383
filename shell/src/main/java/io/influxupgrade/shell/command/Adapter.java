package io.influxupgrade.shell.command;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.StateChanging;
import io.influxupgrade.shell.render.Output;

import java.util.Set;

/**
 * What every command adapter has: the workspace (the engine's session context) and the output its views write to;
 * the commands it names in {@link #stateChangingCommands} are saved and journaled after they run.
 */
abstract class Adapter implements StateChanging {

    protected final Workspace ws;
    protected final Output out;

    Adapter(Workspace ws, Output out) {
        this.ws = ws;
        this.out = out;
    }

    @Override
    public Set<String> stateChangingCommands() {
        return Set.of();
    }
}
