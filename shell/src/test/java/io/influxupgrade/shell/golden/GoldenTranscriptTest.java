package io.influxupgrade.shell.golden;

import io.influxupgrade.shell.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole batch sessions run in this one JVM (through {@link Main#run}, the launcher's own entry point) against the
 * demo sandbox, text and JSON, compared with the committed transcripts under {@code src/test/resources/golden/}
 * after the parts that change from run to run (temp paths, times, ids with times, checksums, rates) are
 * normalised. One transcript per example batch in {@code scripts/examples} and per recovery playbook.
 * <p>
 * An intended change of output: {@code mvn -pl shell -am test -Dtest=GoldenTranscriptTest -Dgolden.update=true}
 * rewrites the transcripts; review their diff like code.
 */
class GoldenTranscriptTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden").toAbsolutePath();
    private static final Path EXAMPLES = Path.of("..", "scripts", "examples").toAbsolutePath().normalize();

    /** A fixed-length temp path, so that table columns holding paths keep their width from run to run. */
    static Path tmp;

    private static PrintStream out;
    private static PrintStream err;
    private static InputStream in;

    @BeforeAll
    static void saveStreams() throws IOException {
        tmp = Files.createDirectories(Path.of("/tmp", "golden-" + String.format("%08x", new java.util.Random().nextInt())));
        out = System.out;
        err = System.err;
        in = System.in;
    }

    @AfterAll
    static void cleanUp() throws IOException {
        restoreStreams();
        try (Stream<Path> walk = Files.walk(tmp)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void restoreStreams() {
        System.setOut(out);
        System.setErr(err);
        System.setIn(in);
    }

    /** A transcript: its name, the demo layout, the batch lines, the global options. */
    record Case(String name, String layout, List<String> lines, List<String> options) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String[] ex : List.of(new String[] {"preflight", "0.11"}, new String[] {"upgrade-0.10-0.11-to-1.4", "0.11"},
                new String[] {"upgrade-0.12-1.3-to-1.4", "1.3"}, new String[] {"recover-metastore-missing", "0.11"},
                new String[] {"upgrade-1.3-to-1.8", "1.3"})) {
            List<String> lines = Files.readAllLines(EXAMPLES.resolve(ex[0] + ".batch"));
            cases.add(new Case("example-" + ex[0], ex[1], lines, List.of("--keep-going")));
            cases.add(new Case("example-" + ex[0] + "-json", ex[1], lines, List.of("--keep-going", "--format", "json")));
        }
        for (String[] pb : List.of(new String[] {"raft-db-detected", "0.11"}, new String[] {"metastore-missing", "0.11"},
                new String[] {"permission-denied", "1.3"}, new String[] {"shards-missing", "1.3"})) {
            List<String> lines = List.of("backup meta-dir", "recover " + pb[0], "recover " + pb[0] + " --run", "status");
            cases.add(new Case("playbook-" + pb[0], pb[1], lines, List.of("--keep-going")));
            cases.add(new Case("playbook-" + pb[0] + "-json", pb[1], lines, List.of("--keep-going", "--format", "json")));
        }
        // the real influxd serving the 1.3 sandbox: baseline, compare, the proof against the files, stop
        List<String> server = List.of("demo create --layout 1.3 --dir <WORK>/sandbox --with-server", "verify baseline --name before",
                "verify compare --baseline before", "verify meta", "demo stop");
        cases.add(new Case("real-influxd-verify", null, server, List.of("--keep-going")));
        cases.add(new Case("real-influxd-verify-json", null, server, List.of("--keep-going", "--format", "json")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void transcriptMatches(Case c) throws IOException {
        Path work = Files.createDirectories(tmp.resolve(c.name()));
        String batch = String.join("\n", c.lines()).replaceAll("(--out|--file) (migrated-influxdb-[0-9.]+\\.conf)",
                "$1 " + Matcher.quoteReplacement(work.toString()) + "/$2") + "\n";
        batch = batch.replace("<WORK>", work.toString());
        // --wide: a wrapped cell could split a timestamp or id across lines before it is normalised (wrapping has its own tests)
        List<String> args = new ArrayList<>(List.of("--home", work.resolve("home").toString(), "--no-color", "--wide"));
        if (c.layout() != null) {
            args.addAll(List.of("--demo", "--layout", c.layout(), "--dir", work.resolve("sandbox").toString()));
        } else {
            io.influxupgrade.commands.testing.InfluxdExtension.requireInfluxd();
        }
        args.addAll(c.options());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = Main.run(args.toArray(String[]::new), Map.of(), false);
        } finally {
            restoreStreams();
        }
        String actual = normalise("$ influx-upgrade " + String.join(" ", c.options())
                + (c.layout() == null ? "" : " --demo --layout " + c.layout()) + "\n"
                + "# batch:\n" + batch.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> "#   " + l + "\n")
                .reduce("", String::concat)
                + "--- stdout\n" + stdout.toString(StandardCharsets.UTF_8)
                + "--- stderr\n" + stderr.toString(StandardCharsets.UTF_8)
                + "--- exit " + code + "\n", work);
        Path golden = GOLDEN.resolve("GoldenTranscriptTest-" + c.name() + ".txt");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
            return;
        }
        assertThat(golden).as("no transcript yet: run with -Dgolden.update=true and review it").exists();
        if (!actual.equals(Files.readString(golden))) {
            Path seen = Files.createDirectories(Path.of("target", "golden-actual")).resolve(golden.getFileName());
            Files.writeString(seen, actual); // diff it against the committed transcript
        }
        assertThat(actual).as("transcript " + golden.getFileName() + " (rewrite with -Dgolden.update=true if intended)")
                .isEqualTo(Files.readString(golden));
    }

    private static final List<Map.Entry<Pattern, String>> RULES = List.of(
            Map.entry(Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?"), "<TIME>"),
            Map.entry(Pattern.compile("\\d{8}T\\d{6}(\\d{3})?Z"), "<TS>"),
            Map.entry(Pattern.compile("\\b[0-9a-f]{64}\\b"), "<SHA256>"),
            Map.entry(Pattern.compile("\\b\\d+(\\.\\d+)? ?(ms|µs|s)\\b(?!\\w)"), "<DURATION>"),
            Map.entry(Pattern.compile("\\d+(\\.\\d+)? ?[KMG]i?B/s"), "<RATE>"),
            Map.entry(Pattern.compile("\"(elapsedMs|durationMs|millis|pid)\"\\s*:\\s*\\d+"), "\"$1\":<N>"),
            Map.entry(Pattern.compile("127\\.0\\.0\\.1:\\d{4,5}"), "127.0.0.1:<PORT>"),
            Map.entry(Pattern.compile("\\bpid \\d+"), "pid <PID>"),
            // the machine's free disk and available memory (tsi status, check)
            Map.entry(Pattern.compile("\\((free|available) \\d+\\)"), "($1 <N>)"),
            Map.entry(Pattern.compile("\\b\\d+ free\\b"), "<N> free"),
            Map.entry(Pattern.compile("\"(diskFree|memoryAvailable|freeBytes)\"\\s*:\\s*\\d+"), "\"$1\":<N>"));

    static String normalise(String text, Path work) {
        String s = text.replace(work.toString(), "<WORK>").replace(tmp.toString(), "<TMP>")
                .replace(System.getProperty("user.home"), "<HOME>").replace(System.getProperty("user.name"), "<USER>");
        for (Map.Entry<Pattern, String> r : RULES) {
            s = r.getKey().matcher(s).replaceAll(Matcher.quoteReplacement(r.getValue()).replace("\\$1", "$1"));
        }
        return s;
    }
}
