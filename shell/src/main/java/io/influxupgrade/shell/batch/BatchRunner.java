package io.influxupgrade.shell.batch;

import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.LineTokenizer;
import io.influxupgrade.shell.core.ExitCodes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Runs a batch (a file or stdin): one command per line, blank lines and {@code #} comments skipped,
 * shell-like quoting. Stops at the first failing line with {@code FILE:LINE: error: ...} on stderr and that
 * line's exit code; with keep-going it runs every line and returns the worst code.
 */
public final class BatchRunner {

    private final CommandRunner runner;
    private final PrintWriter err;

    public BatchRunner(CommandRunner runner, PrintWriter err) {
        this.runner = runner;
        this.err = err;
    }

    public int run(BufferedReader in, String fileName, boolean keepGoing) throws IOException {
        int worst = ExitCodes.OK;
        String line;
        int lineNo = 0;
        StringBuilder continued = new StringBuilder();
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.endsWith("\\") && !line.endsWith("\\\\")) {
                continued.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String full = continued.append(line).toString();
            continued.setLength(0);
            List<String> words;
            try {
                words = LineTokenizer.split(full);
            } catch (LineTokenizer.SyntaxError e) {
                err.println(fileName + ":" + lineNo + ": error: " + e.getMessage());
                err.flush();
                worst = ExitCodes.worst(worst, ExitCodes.USAGE);
                if (!keepGoing) {
                    return ExitCodes.USAGE;
                }
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            CommandRunner.Result r = runner.run(words);
            if (!r.ok()) {
                err.println(fileName + ":" + lineNo + ": error: " + r.message());
                err.flush();
                worst = ExitCodes.worst(worst, r.exitCode());
                if (!keepGoing) {
                    return r.exitCode();
                }
            }
        }
        return worst;
    }
}
