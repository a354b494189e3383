package io.influxupgrade.shell.core;

import io.influxupgrade.shell.Main;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A batch run in this JVM on a fresh 0.11 demo sandbox under {@code work}, read back through {@code --format json}. */
final class DemoBatch {

    private DemoBatch() {
    }

    /** The JSON lines a batch of {@code lines} prints on the 0.11 demo (with --keep-going). */
    static List<String> json(Path work, List<String> lines) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        try {
            System.setIn(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            Main.run(new String[] {"--home", work.resolve("home").toString(), "--no-color", "--demo", "--layout", "0.11",
                    "--dir", work.resolve("sandbox").toString(), "--keep-going", "--format", "json"}, Map.of(), false);
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
        return stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    }
}
