package io.influxupgrade.shell.core;

import java.util.Set;

/**
 * Implemented by command adapters to name their state-changing commands: after each of these the session
 * is saved and a journal line is written, so the session can be replayed as a batch.
 */
public interface StateChanging {
    Set<String> stateChangingCommands();
}
