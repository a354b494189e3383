package io.influxupgrade.shell.fast;

import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.shell.command.annotation.Command;

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
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up path without Spring gives every command line exactly the outcome of the Spring path (stdout, stderr,
 * exit code), records state changes the same way, takes the plain command lines, and leaves the rest (usage errors,
 * built-ins, availability rules, adapters that need the context's runner) to the Spring path.
 */
class FastCommandTest {

    @TempDir
    static Path tmp;
    private static Path home;
    private static Path sandbox;
    private static PrintStream out;
    private static PrintStream err;
    private static InputStream in;

    record Outcome(int code, String stdout, String stderr) {
    }

    @BeforeAll
    static void demo() {
        out = System.out;
        err = System.err;
        in = System.in;
        home = tmp.resolve("home");
        sandbox = tmp.resolve("sandbox");
        Outcome o = run(Map.of(), "--home", home.toString(), "--demo", "--dir", sandbox.toString(), "session", "show");
        assertThat(o.code()).as(o.stderr()).isZero();
    }

    @AfterAll
    static void restore() {
        System.setOut(out);
        System.setErr(err);
        System.setIn(in);
    }

    private static Outcome run(Map<String, String> env, String... args) {
        return capture(() -> java.util.OptionalInt.of(Main.run(args, env, false)));
    }

    /** Runs a command line on the fast path only; null when it leaves the line to the Spring path (nothing ran). */
    private static Outcome runFast(String... args) {
        return capture(() -> FastCommand.run(LaunchOptions.parse(args, Map.of(), false), Map.of()));
    }

    /** Runs with empty stdin and captured stdout/stderr; null when the body ran nothing. */
    private static Outcome capture(java.util.function.Supplier<java.util.OptionalInt> body) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        java.util.OptionalInt code;
        try {
            System.setIn(new ByteArrayInputStream(new byte[0]));
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = body.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
        return code.isEmpty() ? null : new Outcome(code.getAsInt(), times(stdout.toString(StandardCharsets.UTF_8)),
                times(stderr.toString(StandardCharsets.UTF_8)));
    }

    /** The moment a report was generated, free disk and available memory differ between two runs. */
    private static String times(String s) {
        return s.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<TIME>")
                .replaceAll("(free |available |\"diskFree\":|\"memoryAvailable\":)\\d+", "$1<N>");
    }

    private static String[] line(String format, String words) {
        List<String> args = new ArrayList<>(List.of("--home", home.toString(), "--format", format));
        args.addAll(List.of(words.replace("<SANDBOX>", sandbox.toString()).split(" ")));
        return args.toArray(String[]::new);
    }

    /** Whether the fast path takes the line (it runs it; the outputs are discarded). */
    private static boolean fast(String words) {
        return runFast(line("json", words)) != null;
    }

    @Test
    void everyCommandLineHasTheSameOutcomeOnBothPaths() {
        List<String> lines = List.of(
                "session list", "session show", "shard list", "shard list --db telegraf", "shard list --engine tsm1 --wide",
                "shard list --engine tsm9", "shard list /data", "shard list --bogus", "shard list --db", "shard verify",
                "shard verify --jobs 2", "shard verify --jobs two", "shard verify --jobs -1", "shard reconcile",
                "meta show", "meta show --section summary", "meta show <SANDBOX>/meta", "meta show --section users <SANDBOX>/meta",
                "meta show <SANDBOX>/meta extra", "meta diff <SANDBOX>/meta <SANDBOX>/meta",
                "meta diff --strict <SANDBOX>/meta <SANDBOX>/meta", "meta diff <SANDBOX>/meta <SANDBOX>/meta --strict false",
                "meta diff <SANDBOX>/meta", "meta show --source=<SANDBOX>/meta", "config diff", "config validate <SANDBOX>/influxdb.conf",
                "config validate", "backup list", "backup show nope", "perms check", "session show --section x",
                "last-error", "plan", "status", "nosuch command", "session", "demo",
                "query \"SHOW DATABASES\"", "ping", "report --format md", "meta show --section bogus",
                "shard list ~/no-such-dir", "tsi status", "check --to 2.0", "connect --timeout nonsense", "connect --timeout 0s");
        // (help is Spring Shell's on both paths, and orders the commands of a group differently from run to run)
        for (String l : lines) {
            for (String format : List.of("text", "json")) {
                Outcome viaSpring = run(Map.of(FastCommand.DISABLE_ENV, "1"), line(format, l));
                Outcome viaFast = run(Map.of(), line(format, l));
                assertThat(viaFast).as(format + ": " + l).isEqualTo(viaSpring);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"session list", "shard list --db telegraf", "meta show <SANDBOX>/meta --section summary",
            "meta diff --strict <SANDBOX>/meta <SANDBOX>/meta", "tsi status"})
    void takesThePlainCommandLines(String line) {
        assertThat(fast(line)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            // a value the engine's converter refuses is worded by the Spring path
            "meta show --section bogus",
            // usage errors get Spring Shell's words; built-ins and unknown commands are Spring Shell's
            "shard list /data", "shard list --bogus", "meta show --source=x", "help", "nosuch",
            // an adapter that runs other commands needs the context's command runner
            "status"})
    void leavesTheRestToSpringShell(String line) {
        assertThat(fast(line)).isFalse();
    }

    /**
     * State changes run on both paths with the same outcome and leave the same session and journal behind: each path
     * gets its own demo home and sandbox, runs the same lines, and the outputs, session files and journals are
     * compared with the two homes' paths, times, backup ids and hashes normalised.
     */
    @Test
    void stateChangesHaveTheSameOutcomeAndRecordTheSameOnBothPaths() throws IOException {
        List<String> lines = List.of("backup meta-dir", "session set to 1.8", "config migrate --out <SANDBOX>/migrated.conf --force",
                "backup list", "verify baseline", "perms fix --dry-run", "backup verify nope", "session set index tsi1",
                "tsi convert --dry-run", "session show");
        Map<String, String> seen = new java.util.TreeMap<>();
        for (boolean fastPath : List.of(false, true)) {
            Path h = tmp.resolve(fastPath ? "state-2" : "state-1"); // paths of one length: tables wrap alike
            Path home = h.resolve("home");
            Path box = h.resolve("sandbox");
            Outcome made = run(Map.of(), "--home", home.toString(), "--demo", "--dir", box.toString(), "session", "show");
            assertThat(made.code()).as(made.stderr()).isZero();
            Map<String, String> env = fastPath ? Map.of() : Map.of(FastCommand.DISABLE_ENV, "1");
            StringBuilder transcript = new StringBuilder();
            for (String l : lines) {
                for (String format : List.of("text", "json")) {
                    // --wide: a wrapped cell would split the paths and times normalised below
                    List<String> args = new ArrayList<>(List.of("--home", home.toString(), "--format", format, "--wide"));
                    args.addAll(List.of(l.replace("<SANDBOX>", box.toString()).split(" ")));
                    Outcome o = fastPath ? runFast(args.toArray(String[]::new)) : null;
                    if (fastPath && !l.startsWith("verify baseline")) { // it has an availability rule: Spring's
                        assertThat(o).as("the fast path takes " + l).isNotNull();
                    }
                    if (o == null) {
                        o = run(env, args.toArray(String[]::new));
                    }
                    transcript.append("$ ").append(format).append(' ').append(l).append('\n').append(o).append('\n');
                }
            }
            String name = fastPath ? "fast" : "spring";
            Path session = home.resolve("sessions").resolve("demo-" + sessionLayout(home));
            // what changes state is journaled once per run (text and json), whatever its outcome; what only reads is not
            List<String> journal = Files.readAllLines(session.resolve("journal.jsonl"));
            for (String changing : List.of("backup meta-dir", "session set to 1.8", "config migrate", "perms fix --dry-run",
                    "backup verify nope", "session set index tsi1", "tsi convert --dry-run")) {
                assertThat(journal).as(name + ": " + changing).filteredOn(j -> j.contains("\"command\":\"" + changing)).hasSize(2);
            }
            assertThat(journal).as(name).noneMatch(j -> j.contains("\"command\":\"backup list") || j.contains("\"command\":\"session show"));
            seen.put(name, normalise(transcript + "\n--- session\n" + Files.readString(session.resolve("session.json"))
                    + "\n--- journal\n" + Files.readString(session.resolve("journal.jsonl")), home, box));
        }
        assertThat(seen.get("fast")).isEqualTo(seen.get("spring"));
        assertThat(seen.get("fast")).contains("backup meta-dir").contains("config-migrate");
    }

    private static String sessionLayout(Path home) throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("sessions"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("demo-")).findFirst().orElseThrow()
                    .substring("demo-".length());
        }
    }

    /** The two runs' own paths, times, backup ids (two in one second get "-2"), hashes; column widths follow the ids. */
    private static String normalise(String s, Path home, Path box) {
        return times(s.replace(box.toString(), "<SANDBOX>").replace(home.toString(), "<HOME>"))
                .replaceAll("\\d{8}T\\d{6}(\\d{3})?Z(-\\d+)?", "<TS>")
                .replaceAll("\\b[0-9a-f]{64}\\b", "<SHA256>")
                .replaceAll("\\d+(\\.\\d+)? ?(ms|s)\\b", "<DURATION>")
                .replaceAll(" {2,}", "  ");
    }

    @Test
    void theAdapterListIsEveryCommandClass() throws IOException {
        Path dir = Path.of("target", "classes", "io", "influxupgrade", "shell", "command");
        TreeSet<String> annotated = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")).toList()) {
                String name = "io.influxupgrade.shell.command." + f.getFileName().toString().replace(".class", "");
                try {
                    if (Class.forName(name).isAnnotationPresent(Command.class)) {
                        annotated.add(name);
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        TreeSet<String> listed = new TreeSet<>();
        FastCommand.ADAPTERS.forEach(c -> listed.add(c.getName()));
        assertThat(listed).isEqualTo(annotated);
    }
}
