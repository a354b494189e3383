package io.influxupgrade.shell.command;

import org.springframework.shell.Availability;

/**
 * What the command adapters share. An adapter is a record of what it needs (always the workspace, the engine's
 * session context, and the output its views write to); each of its methods binds typed options, calls one engine
 * operation and renders the result through a view. A command that changes state is marked
 * {@link io.influxupgrade.shell.core.Journaled}: the session is saved and journaled after it runs.
 */
final class Adapters {

    private Adapters() {
    }

    /** A command's availability from the engine's reason why not (null: available). */
    static Availability availability(String reason) {
        return reason == null ? Availability.available() : Availability.unavailable(reason);
    }
}
