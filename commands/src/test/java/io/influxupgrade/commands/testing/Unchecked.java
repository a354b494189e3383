package io.influxupgrade.commands.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The servers' plumbing: I/O that may block, with its checked exceptions made unchecked in one way. */
final class Unchecked {

    private Unchecked() {
    }

    /** A step that does I/O and may wait. */
    @FunctionalInterface
    interface Io<T> {
        T get() throws IOException, InterruptedException;
    }

    /** {@code body}'s result; an IOException as UncheckedIOException, an interrupt kept and thrown as IllegalStateException. */
    static <T> T io(Io<T> body) {
        try {
            return body.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
