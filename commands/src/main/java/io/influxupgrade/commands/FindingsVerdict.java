package io.influxupgrade.commands;

import java.util.List;

/** A {@link Verdict} that fails exactly when one of its findings is an ERROR ({@link Finding#anyError}). */
public interface FindingsVerdict extends Verdict {

    /** What the command found, in the order it reports them. */
    List<Finding> findings();

    @Override
    default boolean failed() {
        return Finding.anyError(findings());
    }
}
