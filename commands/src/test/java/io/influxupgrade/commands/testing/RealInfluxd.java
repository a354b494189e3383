package io.influxupgrade.commands.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs a real {@code influxd}: it gets an {@link InfluxdServer} parameter (started,
 * fresh per test method) or {@link InfluxdExtension#newServer} for more. Without influxd the tests are
 * skipped, except with {@code CI=true}, where they fail.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(InfluxdExtension.class)
public @interface RealInfluxd {
    boolean auth() default false;

    String index() default "inmem";
}
