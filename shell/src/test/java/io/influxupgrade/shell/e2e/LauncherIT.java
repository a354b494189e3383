package io.influxupgrade.shell.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher ({@code scripts/influx-upgrade}) as an operator runs it: with no archive yet it builds one in its cache
 * dir (outside the tree) and answers; it answers the same with the archive, with a damaged archive, and when the
 * cache cannot be written; it never writes into the tree.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("..", "scripts", "influx-upgrade").toAbsolutePath().normalize();

    record Run(int code, String stdout, String stderr) {
    }

    private static Run launch(Path cache, Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(LAUNCHER.toString(), "--home", home.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("INFLUX_UPGRADE_CACHE", cache.toString());
        pb.environment().remove("INFLUX_UPGRADE_HOME");
        pb.environment().remove("JAVA_OPTS");
        Path out = Files.createTempFile(home.getParent(), "out", ".txt");
        Path err = Files.createTempFile(home.getParent(), "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish in 300 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<Path> archives(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(cache, 2)) {
            return s.filter(p -> p.getFileName().toString().equals("app.jsa")).toList();
        }
    }

    @Test
    void buildsItsArchiveOnFirstUseOutsideTheTreeAndDegradesSilently(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        Path cache = tmp.resolve("cache");
        Run first = launch(cache, home, "--format", "json", "session", "list");
        assertThat(first.code()).as(first.stderr()).isZero();
        assertThat(first.stdout().trim()).isEqualTo("{\"sessions\":[]}");
        assertThat(first.stderr()).isEmpty();
        List<Path> made = archives(cache);
        assertThat(made).as("one archive in the cache dir").hasSize(1);
        assertThat(Files.readString(made.get(0).resolveSibling("source")).trim())
                .isEqualTo(ShellProcess.jar().toString());
        try (Stream<Path> s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no build leftovers").allMatch(n -> n.matches("cds-\\d+"));
        }

        Run again = launch(cache, home, "--format", "json", "session", "list");
        assertThat(again).isEqualTo(first);

        // a damaged archive: the JVM ignores it, silently
        Path jsa = made.get(0);
        jsa.toFile().setWritable(true);
        Files.write(jsa, new byte[4096]);
        Run damaged = launch(cache, home, "--format", "json", "session", "list");
        assertThat(damaged).isEqualTo(first);

        // a build whose launcher was killed (its pid file names no live process) is cleared and the archive built again,
        // instead of every start running without one until the leftover is 15 minutes old
        Path archiveDir = made.get(0).getParent();
        Path building = archiveDir.resolveSibling(archiveDir.getFileName() + ".building");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        io.influxupgrade.commands.fs.FileTrees.delete(archiveDir);
        Files.createDirectories(building);
        Files.writeString(building.resolve("pid"), gone.pid() + "\n");
        Run afterKill = launch(cache, home, "--format", "json", "session", "list");
        assertThat(afterKill).isEqualTo(first);
        assertThat(archives(cache)).as("the archive is built again").hasSize(1);
        assertThat(building).doesNotExist();
        // while a live launcher builds (this test's JVM stands for it), the others run without the archive
        io.influxupgrade.commands.fs.FileTrees.delete(archiveDir);
        Files.createDirectories(building);
        Files.writeString(building.resolve("pid"), ProcessHandle.current().pid() + "\n");
        Run whileBuilding = launch(cache, home, "--format", "json", "session", "list");
        assertThat(whileBuilding).isEqualTo(first);
        assertThat(archives(cache)).as("no second build beside a live one").isEmpty();
        assertThat(building).exists();
        io.influxupgrade.commands.fs.FileTrees.delete(building);

        // a cache that cannot be made: the jar runs as it is
        Run noCache = launch(Path.of("/dev/null/cache"), home, "--format", "json", "session", "list");
        assertThat(noCache).isEqualTo(first);

        // a Spring-path command and a batch answer the same way through the archive
        Run unknown = launch(cache, home, "nosuch");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown command 'nosuch'");
    }
}
