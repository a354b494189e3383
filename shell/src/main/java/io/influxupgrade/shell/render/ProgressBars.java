package io.influxupgrade.shell.render;

import io.influxupgrade.commands.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.Terminal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Progress for long work: a bar with bytes/s and ETA on the shell's own terminal in the REPL; nothing in
 * batch or JSON mode (where stdout belongs to results).
 */
@Component
public class ProgressBars {

    private final Output output;
    private final ObjectProvider<Terminal> terminal;
    private volatile boolean interactive;

    public ProgressBars(Output output, ObjectProvider<Terminal> terminal) {
        this.output = output;
        this.terminal = terminal;
    }

    /** Called by the REPL: bars are drawn only there. */
    public void enable() {
        this.interactive = true;
    }

    /** A progress reporter counting bytes (unit "MiB"), or one that draws nothing. */
    public Progress bytes() {
        return create("MiB", 1024 * 1024);
    }

    /** A progress reporter counting items. */
    public Progress items() {
        return create("", 1);
    }

    private Progress create(String unit, long unitSize) {
        if (!interactive || output.json()) {
            return Progress.NONE;
        }
        Terminal t = terminal.getIfAvailable();
        if (t == null) {
            return Progress.NONE;
        }
        int width = Math.max(40, t.getWidth() > 0 ? t.getWidth() : 80);
        PrintStream ps = new PrintStream(t.output(), true, StandardCharsets.UTF_8);
        return new Progress() {
            private ProgressBar bar;

            @Override
            public void start(String task, long total) {
                finish();
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total < 0 ? -1 : total)
                        .setStyle(output.style().enabled() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                        .setConsumer(new ConsoleProgressBarConsumer(ps, width))
                        .setUnit(unit, unitSize).showSpeed().setUpdateIntervalMillis(200).build();
            }

            @Override
            public void advance(long done) {
                if (bar != null) {
                    bar.stepBy(done);
                }
            }

            @Override
            public void finish() {
                if (bar != null) {
                    bar.close();
                    bar = null;
                }
            }
        };
    }
}
