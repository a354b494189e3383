package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses and type-checks a config against one release and, when given an {@code influxd} binary, asks it too
 * ({@code influxd config -config FILE}, with a timeout and without the caller's {@code INFLUXDB_*} variables).
 */
public final class ConfigValidateCommand {

    static final long TIMEOUT_SECONDS = 30;

    /**
     * @param file    the config to check
     * @param version the release to check against, or null to infer it from the file
     * @param influxd an influxd binary to ask as well, or null (see {@link #findInfluxdOnPath(String)})
     */
    public record Request(Path file, InfluxVersion version, Path influxd) {
    }

    public ConfigValidation run(Request request) {
        if (request.file() == null) {
            throw UpgradeException.usage("config validate: no file given");
        }
        ConfigKnowledge kb = ConfigKnowledge.get();
        ConfigFile file = ConfigFile.parse(request.file());
        boolean inferred = request.version() == null;
        int line = inferred ? ConfigAnalyzer.inferFrom(kb, file) : kb.line(request.version());
        ConfigAnalyzer.Analysis a = new ConfigAnalyzer(kb, file, line, line).run(Map.of());
        List<ConfigFinding> findings = new ArrayList<>();
        for (ConfigFinding f : a.findings()) {
            if (f.group() == ConfigFinding.Group.BLOCKS_START || f.group() == ConfigFinding.Group.REMOVED
                    || f.severity() != ConfigFinding.Severity.NOTICE && f.group() != ConfigFinding.Group.NEW_IN_TARGET) {
                findings.add(f);
            }
        }
        ConfigValidation.InfluxdVerdict verdict = request.influxd() == null ? null : ask(request.influxd(), request.file());
        return new ConfigValidation(request.file().toString(), kb.lineName(line), inferred, List.copyOf(findings), verdict);
    }

    /** The first executable {@code influxd} on a PATH-style list of directories, or null. */
    public static Path findInfluxdOnPath(String pathVariable) {
        if (pathVariable == null) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "influxd");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs {@code influxd version} and {@code influxd config -config FILE}. */
    static ConfigValidation.InfluxdVerdict ask(Path influxd, Path file) {
        Result version = exec(List.of(influxd.toString(), "version"));
        Result config = exec(List.of(influxd.toString(), "config", "-config", file.toAbsolutePath().toString()));
        String message = null;
        if (config.exit != 0) {
            message = config.exit == -1 ? "timed out after " + TIMEOUT_SECONDS + "s" : errorLine(config.output);
        }
        return new ConfigValidation.InfluxdVerdict(influxd.toString(), firstLine(version.output), config.exit == 0,
                config.exit, message);
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // judge the file alone: the caller's INFLUXDB_* variables would be merged over it
        pb.environment().keySet().removeIf(k -> k.startsWith("INFLUXDB_"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw UpgradeException.unavailable("cannot run " + command.get(0) + ": " + e.getMessage()
                    + " (check the path to influxd)", e);
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            byte[] buf = new byte[64 * 1024];
            StringBuilder sb = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline) {
                int avail = in.available();
                if (avail > 0) {
                    int n = in.read(buf, 0, Math.min(buf.length, avail));
                    if (sb.length() < 1_000_000) {
                        sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } else if (!p.isAlive()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        if (sb.length() < 1_000_000) {
                            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                    return new Result(p.exitValue(), sb.toString());
                } else {
                    Thread.sleep(20);
                }
            }
            p.destroyForcibly();
            return new Result(-1, sb.toString());
        } catch (IOException e) {
            p.destroyForcibly();
            throw UpgradeException.unavailable("cannot read the output of " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw UpgradeException.unavailable("interrupted while running " + command.get(0));
        }
    }

    private static String firstLine(String s) {
        for (String l : s.split("\n")) {
            if (!l.isBlank()) {
                return l.trim();
            }
        }
        return "";
    }

    private static String errorLine(String output) {
        String last = "";
        for (String l : output.split("\n")) {
            String t = l.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.toLowerCase().contains("error") || t.contains("run: ") || t.contains("parse config")) {
                return t.length() > 300 ? t.substring(0, 300) : t;
            }
            last = t;
        }
        return last.length() > 300 ? last.substring(0, 300) : last;
    }
}
