package io.influxupgrade.shell.convert;

import io.influxupgrade.commands.UpgradeException;
import org.springframework.stereotype.Component;

/**
 * The engine's usage error of the last option value a converter refused. Spring Shell's parser keeps only its own
 * "Failed to convert" text, so the error reporter takes the engine's message (e.g. "--via x: expected influxd, native
 * or auto") from here.
 */
@Component
public class Refusals {

    private UpgradeException last;

    /** Runs a conversion; an engine error is remembered for {@link #take} and rethrown. */
    public <T> T convert(java.util.function.Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (UpgradeException e) {
            last = e;
            throw e;
        }
    }

    /** The last refusal, forgotten once taken. */
    public synchronized UpgradeException take() {
        UpgradeException e = last;
        last = null;
        return e;
    }
}
