package io.influxupgrade.shell.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real fat jar as a separate process, the way an operator or a script does. */
public final class ShellProcess {

    /** What a finished run printed and returned. */
    public record Run(int exitCode, String stdout, String stderr) {
        public List<String> stdoutLines() {
            return stdout.isEmpty() ? List.of() : Arrays.asList(stdout.split("\n"));
        }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private Path workDir;

    public ShellProcess(Path home) {
        this.home = home;
        env.put("NO_COLOR", "");
    }

    /** The working directory of the shell process (relative paths in commands resolve against it). */
    public ShellProcess in(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ShellProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public static Path jar() {
        String p = System.getProperty("shell.jar");
        if (p == null) {
            p = "target/influx-upgrade-shell.jar";
        }
        return Path.of(p).toAbsolutePath();
    }

    public List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString(), "--home", home.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs with the given stdin (null: empty) and waits up to 60 s. */
    public Run feed(String stdin, String... args) {
        Process p = start(args);
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("shell did not finish in 60 s: " + Arrays.toString(args));
            }
            return new Run(p.exitValue(), out.get(), err.get());
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    public Run run(String... args) {
        return feed(null, args);
    }

    /** Starts the process without waiting (the caller owns stdin and must destroy it). */
    public Process start(String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().putAll(env);
        pb.environment().remove("INFLUX_UPGRADE_HOME");
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
        } catch (IOException e) {
            return "";
        }
    }
}
