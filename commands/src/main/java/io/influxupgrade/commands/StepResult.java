package io.influxupgrade.commands;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A command's result with the plan step it completed: what an engine operation that does a step of the upgrade
 * returns, so that nobody keeps a table of "which command does which step" and a dry run or a listing completes
 * nothing. Prints (JSON) exactly as its {@code result}. The step is recorded in the session (by
 * {@code session.Workspace#completeStep}) only when the command succeeded: a failed verdict completes nothing.
 *
 * @param completedStep the id of the plan step ({@link StepIds}), or null when this run completed none
 */
public record StepResult<T>(@JsonValue T result, String completedStep) {

    /** A result that completes no step (a dry run, a preview). */
    public static <T> StepResult<T> none(T result) {
        return new StepResult<>(result, null);
    }
}
