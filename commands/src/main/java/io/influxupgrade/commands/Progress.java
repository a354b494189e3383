package io.influxupgrade.commands;

/**
 * How long work reports how far it is; the shell draws a progress bar on a terminal and nothing in
 * batch mode. Implementations must be cheap: callers may report once per block.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish() {
        }
    };

    /** Starts a task of {@code total} units (bytes, files); -1 when unknown. */
    void start(String task, long total);

    /** Adds {@code done} units to the current task. */
    void advance(long done);

    /** Ends the current task. */
    void finish();
}
