package io.influxupgrade.commands.config;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.config.ConfigKnowledge.KeyDef;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which release line wrote a config file, from what it contains: its keys and section shapes, the keys it mentions in
 * comments (the sample files keep every default commented out) and the 1.1 sample's typo.
 */
final class ConfigVersionGuess {

    private ConfigVersionGuess() {
    }

    /** The release line that fits the file best, or a usage error when several fit equally. */
    static int of(ConfigKnowledge kb, ConfigFile file) {
        Map<Integer, Double> score = new LinkedHashMap<>();
        for (int line = 0; line < kb.lines().size(); line++) {
            double s = 0;
            for (ConfigFile.Entry e : file.entries()) {
                SectionDef sec = kb.section(e.section());
                if (sec != null && sec.isMap()) {
                    s += sec.existsAt(line) ? 1 : -1;
                    continue;
                }
                s += kb.keyIgnoreCase(e.section(), e.key(), line) != null ? 1 : -1;
            }
            for (ConfigFile.Section sec : file.sections()) {
                SectionDef def = kb.section(sec.name());
                if (def != null && !def.isMap()) {
                    s += def.existsAt(line) && def.isArrayAt(line) == sec.array() ? 2 : -2;
                }
            }
            for (ConfigFile.Commented c : file.commentedKeys()) {
                String full = c.section().isEmpty() ? c.key() : c.section() + "." + c.key();
                boolean typo = kb.rules().stream().anyMatch(r -> r.typo() && full.equals(r.from()));
                if (typo) {
                    s += line == kb.line("1.1") ? 0.5 : -0.1; // only the 1.1 sample carries the typo
                    continue;
                }
                s += kb.key(c.section(), c.key(), line) != null ? 0.1 : -0.1;
            }
            if (file.commentedKeys().size() >= 20) {
                // a file that keeps the sample's commented defaults should mention every key of its release
                Set<String> mentioned = new HashSet<>();
                file.entries().forEach(e -> mentioned.add(e.section() + "|" + e.key().toLowerCase(Locale.ROOT)));
                file.commentedKeys().forEach(c -> mentioned.add(c.section() + "|" + c.key().toLowerCase(Locale.ROOT)));
                for (KeyDef k : kb.keys()) {
                    if (k.existsAt(line) && k.distro() == null && !mentioned.contains(k.section() + "|" + k.key())) {
                        s -= 0.05;
                    }
                }
            }
            score.put(line, Math.round(s * 100) / 100.0);
        }
        double best = score.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Integer> top = new ArrayList<>();
        score.forEach((l, s) -> {
            if (s == best) {
                top.add(l);
            }
        });
        if (top.size() == 1) {
            return top.get(0);
        }
        throw UpgradeException.usage("config " + file.path() + ": cannot tell which InfluxDB version wrote it (fits "
                + kb.lineName(top.get(0)) + " … " + kb.lineName(top.get(top.size() - 1))
                + " equally); give the old version (--from)");
    }
}
