package org.springframework.shell;

import java.util.List;

/**
 * Lives in Spring Shell's package to reach {@code Shell.evaluate(Input)}, which is protected: our own REPL
 * and batch runner evaluate one line at a time and map the outcome to exit codes themselves.
 */
public final class ShellAccess {

    private ShellAccess() {
    }

    /** Evaluates one command; returns its result, or the exception it ended with, or {@link Shell#NO_INPUT}. */
    public static Object evaluate(Shell shell, String rawText, List<String> words) {
        return shell.evaluate(new Input() {
            @Override
            public String rawText() {
                return rawText;
            }

            @Override
            public List<String> words() {
                return words;
            }
        });
    }
}
