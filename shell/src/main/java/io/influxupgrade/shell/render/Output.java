package io.influxupgrade.shell.render;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.Verdict;
import io.influxupgrade.commands.StepResult;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Where command results go: a table or lines for people (text), or exactly one JSON object per command
 * (json) on stdout; messages and progress go to stderr. Adapters call {@link #emit} once per command.
 */
public final class Output {

    private final boolean json;
    private final Style style;
    private PrintWriter out;
    private final PrintWriter err;
    private boolean emitted;
    private Verdict verdict;
    private StepResult<?> step;
    /** The width tables fit in (0: no limit, {@code --wide}). */
    private int width = PIPE_WIDTH;

    /** What tables fit in when the output is not a terminal. */
    public static final int PIPE_WIDTH = 100;

    public Output(boolean json, Style style, PrintWriter out, PrintWriter err) {
        this.json = json;
        this.style = style;
        this.out = out;
        this.err = err;
    }

    /**
     * Prints a result: its JSON form in json mode, else whatever {@code text} writes. A {@link Verdict}
     * result that failed makes the command end with exit code 4 after it is printed. A {@link StepResult} prints as
     * its result; the runner records its step once the command has succeeded.
     */
    public void emit(Object result, Consumer<Text> text) {
        if (result instanceof StepResult<?> sr) {
            step = sr;
        }
        Object shown = result instanceof StepResult<?> sr ? sr.result() : result;
        if (json) {
            out.println(Json.line(shown));
        } else {
            Text t = new Text(style, width);
            text.accept(t);
            out.print(t.render());
        }
        out.flush();
        emitted = true;
        if (shown instanceof Verdict v && v.failed()) {
            verdict = v;
        }
    }

    /**
     * Runs nested commands (recovery steps) so that JSON mode still prints one object per typed command:
     * their output is discarded in JSON mode and shown in text mode.
     */
    public <T> T nested(java.util.function.Supplier<T> work) {
        if (!json) {
            return work.get();
        }
        PrintWriter saved = out;
        out = new PrintWriter(java.io.Writer.nullWriter());
        try {
            return work.get();
        } finally {
            out = saved;
        }
    }

    /** A message for people: stderr in json mode (so stdout stays JSON), stdout otherwise. */
    public void info(String message) {
        PrintWriter w = json ? err : out;
        w.println(message);
        w.flush();
    }

    /** A line on stdout, as it is (no JSON wrapping): results the runner writes for the command. */
    public void println(String line) {
        out.println(line);
        out.flush();
    }

    /** Text on stdout without a line end (a prompt), flushed. */
    public void print(String text) {
        out.print(text);
        out.flush();
    }

    /** The one-line error a command or the shell ends with, on stderr. */
    public void error(String message) {
        err.println("error: " + message);
        err.flush();
    }

    /** Flushes both streams. */
    public void flush() {
        out.flush();
        err.flush();
    }

    /** A warning line on stderr. */
    public void warn(String message) {
        err.println(style.warn("warning: ") + message);
        err.flush();
    }

    /** Resets per-command state; returns whether the last command printed anything, its failed verdict and its step. */
    public Finished finish() {
        Finished f = new Finished(emitted, verdict, step);
        emitted = false;
        verdict = null;
        step = null;
        return f;
    }

    // ---- settings ----

    public boolean json() {
        return json;
    }

    public Style style() {
        return style;
    }

    /** Tables fit in {@code columns} (0: one line per row, whatever the width); the REPL sets the terminal's. */
    public void width(int columns) {
        this.width = columns;
    }

    public int width() {
        return width;
    }

    /** The REPL writes through the terminal's writer once the terminal exists. */
    public void redirect(PrintWriter newOut) {
        this.out = newOut;
    }

    /** Where messages, warnings and errors go (stderr). */
    public PrintWriter err() {
        return err;
    }

    /** {@code step}: the result that names the plan step the command did (null: none). */
    public record Finished(boolean emitted, Verdict failedVerdict, StepResult<?> step) {
    }
}
