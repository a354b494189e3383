package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a given {@code influxd} binary (backup, restore, version) and captures its output; only loopback probes. */
public final class Influxd {

    private static final Pattern VERSION = Pattern.compile("InfluxDB v?(\\d+\\.\\d+(?:\\.\\d+)?\\S*)");

    /** Exit code and combined output of one run. */
    public record Run(List<String> command, int exitCode, String output) {

        /** The last line of the output (where influxd says why it stopped), or "(no output)". */
        public String lastLine() {
            String s = output == null ? "" : output.strip();
            return s.isEmpty() ? "(no output)" : s.substring(s.lastIndexOf('\n') + 1);
        }

        /** The one wording of a failed run: {@code influxd ARGS exited with N: LAST LINE}. */
        public String failure() {
            return String.join(" ", command) + " exited with " + exitCode + ": " + lastLine();
        }
    }

    private final Path binary;

    public Influxd(Path binary) {
        this.binary = binary;
    }

    public Path binary() {
        return binary;
    }

    /** Runs {@code influxd args...}; UNAVAILABLE when the binary is missing or does not finish in time. */
    public Run run(Duration timeout, String... args) {
        if (binary == null || !Files.isExecutable(binary)) {
            throw UpgradeException.unavailable("influxd binary " + binary + " is missing or not executable (give its path with --influxd)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("INFLUXDB_"));
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out;
            Thread reader;
            ByteCollector c = new ByteCollector(p);
            reader = new Thread(c, "influxd-output");
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw UpgradeException.unavailable(String.join(" ", cmd) + ": did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(5000);
            out = c.bytes();
            return new Run(List.copyOf(cmd), p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw UpgradeException.unavailable("cannot run " + binary + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable("interrupted while running " + binary);
        }
    }

    /** {@code influxd backup FLAGS DIR} into {@code dir}, created first with mode 0700 (as our backup folders are). */
    public Run backup(Duration timeout, Path dir, List<String> flags) {
        AtomicFiles.createPrivateDirectory(dir);
        List<String> args = new ArrayList<>();
        args.add("backup");
        args.addAll(flags);
        args.add(dir.toString());
        return run(timeout, args.toArray(String[]::new));
    }

    /** {@code name value} as two arguments, or none when the value is null (an option left to influxd's default). */
    public static List<String> flag(String name, String value) {
        return value == null ? List.of() : List.of(name, value);
    }

    /** The binary's version from {@code influxd version}, or null when it cannot be parsed. */
    public InfluxVersion version() {
        Run r = run(Duration.ofSeconds(20), "version");
        Matcher m = VERSION.matcher(r.output());
        return m.find() ? InfluxVersion.tryParse(m.group(1)) : null;
    }

    /** True when something accepts TCP connections at {@code host:port} within a second. */
    public static boolean answers(String hostPort) {
        if (hostPort == null) {
            return false;
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = hostPort.substring(0, colon);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, Integer.parseInt(hostPort.substring(colon + 1))), 1000);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static final class ByteCollector implements Runnable {
        private final Process p;
        private volatile byte[] bytes = new byte[0];

        ByteCollector(Process p) {
            this.p = p;
        }

        @Override
        public void run() {
            try {
                bytes = p.getInputStream().readAllBytes();
            } catch (IOException ignored) {
                // the process died; whatever was read is lost, the exit code tells the story
            }
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
