package io.influxupgrade.shell.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a command method: the command changes state, so after it runs (whatever its outcome) the session is saved and a
 * journal line is written; the journal is what {@code session export} replays and {@code report} lists. A command
 * whose result names a plan step is recorded too, with or without this.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Journaled {
}
