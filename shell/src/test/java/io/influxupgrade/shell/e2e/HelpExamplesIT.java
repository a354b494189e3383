package io.influxupgrade.shell.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command's help ends with an example, and every example is a command line the shell accepts: each one is
 * run with {@code --help} appended (which shows the help instead of doing anything), so a parser or argument
 * error in any example fails here.
 */
class HelpExamplesIT {

    private static final Pattern LISTED = Pattern.compile("^ {7}\\*? ?([a-z][a-z -]*?): (.*)$");
    private static final List<String> BUILT_IN = List.of("help", "clear", "quit, exit");

    @TempDir
    Path tmp;

    @Test
    void everyCommandHasAnExampleAndEveryExampleParses() throws Exception {
        ShellProcess shell = new ShellProcess(tmp.resolve("home"));
        ShellProcess.Run help = shell.run("help");
        assertThat(help.exitCode()).as(help.stderr()).isZero();

        List<String> examples = new ArrayList<>();
        List<String> withoutExample = new ArrayList<>();
        for (String line : help.stdoutLines()) {
            Matcher m = LISTED.matcher(line);
            if (!m.matches() || BUILT_IN.contains(m.group(1))) {
                continue;
            }
            int at = m.group(2).lastIndexOf("Example: ");
            if (at < 0) {
                withoutExample.add(m.group(1));
            } else {
                String example = m.group(2).substring(at + "Example: ".length()).strip();
                assertThat(example).as("the example of '%s' runs that command", m.group(1)).startsWith(m.group(1));
                examples.add(example);
            }
        }
        assertThat(withoutExample).as("commands whose help has no example").isEmpty();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(40);

        Path batch = tmp.resolve("examples.batch");
        Files.write(batch, examples.stream().map(e -> e + " --help").toList());
        ShellProcess.Run r = shell.run("--keep-going", "--script", batch.toString());

        List<String> errors = r.stderr().lines().filter(l -> l.contains("error:")).toList();
        // without a session some commands are unavailable; that is checked before the help option is seen
        assertThat(errors).allSatisfy(e -> assertThat(e).contains("is not available now: no session is open"));
        assertThat(errors).hasSizeLessThanOrEqualTo(3);
        assertThat(r.stdoutLines().stream().filter("NAME"::equals).count())
                .as("one help page per example that ran").isEqualTo(examples.size() - errors.size());
    }

    @Test
    void synopsisBracketsTheOptionalOptionsAndGivesFlagsNoType() {
        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).run("help", "meta", "diff");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).contains("       meta diff --source-a SOURCE --source-b SOURCE [--strict] [--help]");
        assertThat(r.stdout()).contains("--strict\n           also compare the cluster id\n           optional, default false")
                .contains("--source-a SOURCE\n           the first metastore (file or directory)\n           required");
    }
}
