package io.influxupgrade.shell.command;

import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.StateChanging;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.Availability;

import java.util.Set;

/**
 * What every command adapter has: the workspace (the engine's session context) and the output its views write to;
 * the commands it names to its constructor ({@link #stateChangingCommands}) are saved and journaled after they run.
 */
abstract class Adapter implements StateChanging {

    protected final Workspace ws;
    protected final Output out;
    private final Set<String> stateChanging;

    /** {@code stateChanging}: the full names of this adapter's commands that change state (e.g. "config migrate"). */
    Adapter(Workspace ws, Output out, String... stateChanging) {
        this.ws = ws;
        this.out = out;
        this.stateChanging = Set.of(stateChanging);
    }

    @Override
    public Set<String> stateChangingCommands() {
        return stateChanging;
    }

    /** A command's availability from the engine's reason why not (null: available). */
    static Availability availability(String reason) {
        return reason == null ? Availability.available() : Availability.unavailable(reason);
    }
}
