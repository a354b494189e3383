package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a config for the target release: the knowledge base's commented skeleton with every customised value
 * of the old file carried over (renames applied, layouts fixed) and the dropped keys listed with reasons at the
 * top. Never touches the old file, refuses an existing output unless forced, and writes atomically.
 */
public final class ConfigMigrateCommand {

    /**
     * @param oldFile the old config (read only)
     * @param from    the release that wrote it, or null to infer it
     * @param to      the target release
     * @param outFile where to write the new config
     * @param force   replace {@code outFile} if it exists
     */
    public record Request(Path oldFile, InfluxVersion from, InfluxVersion to, Path outFile, boolean force, String indexVersion) {
        /** Without an index choice: the old file's {@code index-version} (or the default) carries over. */
        public Request(Path oldFile, InfluxVersion from, InfluxVersion to, Path outFile, boolean force) {
            this(oldFile, from, to, outFile, force, null);
        }
    }

    /** The session's {@code config migrate}: the migration, which completes the plan's config-migrate step. */
    public io.influxupgrade.commands.StepResult<ConfigMigration> runStep(Request request) {
        return new io.influxupgrade.commands.StepResult<>(run(request), io.influxupgrade.commands.StepIds.CONFIG_MIGRATE);
    }

    public ConfigMigration run(Request request) {
        if (request.oldFile() == null || request.outFile() == null || request.to() == null) {
            throw UpgradeException.usage("config migrate: --old FILE, --to VERSION and --out FILE are required");
        }
        Path old = request.oldFile();
        Path out = request.outFile();
        if (sameFile(old, out)) {
            throw UpgradeException.usage("config migrate: --out " + out + " is the old config itself; "
                    + "it is never overwritten (choose another --out)");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !request.force()) {
            throw UpgradeException.usage("config migrate: " + out + " already exists (pass --force to replace it)");
        }
        if (Files.isDirectory(out)) {
            throw UpgradeException.usage("config migrate: --out " + out + " is a directory; give a file name");
        }
        ConfigKnowledge kb = ConfigKnowledge.get();
        ConfigFile file = ConfigFile.parse(old);
        int to = kb.line(request.to());
        int from = request.from() == null ? ConfigAnalyzer.inferFrom(kb, file) : kb.line(request.from());
        ConfigAnalyzer.Analysis a = new ConfigAnalyzer(kb, file, from, to).run(Map.of());
        List<ConfigAnalyzer.Carry> carries = new ArrayList<>(a.carries());
        if (request.indexVersion() != null && kb.key("data", "index-version", to) != null) {
            // the plan's index for the target: a 1.5+ tsi1 plan sets it here, before 'tsi convert' builds the shards' indexes
            carries.removeIf(c -> c.section().equals("data") && c.key().equals("index-version"));
            carries.add(new ConfigAnalyzer.Carry("data", null, "index-version", ConfigValues.literal(request.indexVersion()),
                    ConfigSkeleton.PLAN_ORIGIN, 0));
        }

        List<String> warnings = new ArrayList<>(a.warnings());
        for (ConfigFinding f : a.findings()) {
            if (f.key().startsWith("[")) {
                continue; // section layout: fixed by the rewrite itself
            }
            if (f.group() == ConfigFinding.Group.BLOCKS_START && f.line() == null) {
                warnings.add(f.key() + ": " + f.advice());
            } else if (f.severity() == ConfigFinding.Severity.WARNING && f.group() != ConfigFinding.Group.NEW_IN_TARGET) {
                warnings.add(f.key() + (f.line() == null ? "" : " (line " + f.line() + ")") + ": " + f.advice());
            }
        }
        String text = ConfigSkeleton.render(kb, to, carries,
                preamble(old, kb.lineName(from), kb.lineName(to), a.dropped(), warnings));
        // the output must be readable by ourselves; anything else is a bug in the renderer
        ConfigFile.parse(out, text.getBytes(StandardCharsets.UTF_8));

        AtomicFiles.write(out, text.getBytes(StandardCharsets.UTF_8), mode(old));

        List<ConfigMigration.CarriedKey> carried = new ArrayList<>();
        for (ConfigAnalyzer.Carry c : carries) {
            String target = c.section().isEmpty() ? c.key()
                    : c.section() + (c.index() == null ? "" : "[" + c.index() + "]") + "." + c.key();
            carried.add(new ConfigMigration.CarriedKey(c.fromKey(), c.line(), target, ConfigAnalyzer.redact(c.key(), c.literal())));
        }
        return new ConfigMigration(out.toString(), old.toString(), kb.lineName(from), kb.lineName(to),
                List.copyOf(carried), a.dropped(), List.copyOf(warnings));
    }

    private static List<String> preamble(Path old, String from, String to, List<ConfigMigration.DroppedKey> dropped,
                                         List<String> warnings) {
        List<String> p = new ArrayList<>();
        p.add("InfluxDB " + to + " configuration, written by influx-upgrade-shell 'config migrate'");
        p.add("from " + oneLine(old.toString()) + " (read as InfluxDB " + from + ").");
        List<String> defaults = new ArrayList<>();
        List<String> real = new ArrayList<>();
        for (ConfigMigration.DroppedKey d : dropped) {
            if (d.reason().equals(ConfigAnalyzer.DEFAULT_REASON)) {
                defaults.add(d.key());
            } else {
                real.add("line " + d.line() + ": " + d.key() + " = " + d.value() + ": " + d.reason());
            }
        }
        section(p, "Settings of the old file NOT carried over:", real);
        section(p, "Left out because the old file held the default (same in both versions):",
                defaults.isEmpty() ? List.of() : List.of(String.join(", ", defaults)));
        section(p, "Check by hand:", warnings);
        return p;
    }

    /** A titled part of the preamble, each item on one line wrapped at 100 and indented; nothing when there is no item. */
    private static void section(List<String> p, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        p.add("");
        p.add(title);
        for (String item : items) {
            for (String w : ConfigSkeleton.wrap(oneLine(item), 100)) {
                p.add("  " + w);
            }
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to the path comparison
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static Set<PosixFilePermission> mode(Path old) {
        try {
            // same mode as the old file: influxd (often another user) must be able to read it as before
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(old);
            p.add(PosixFilePermission.OWNER_READ);
            p.add(PosixFilePermission.OWNER_WRITE);
            return p;
        } catch (IOException | UnsupportedOperationException e) {
            return AtomicFiles.OWNER_RW;
        }
    }
}
