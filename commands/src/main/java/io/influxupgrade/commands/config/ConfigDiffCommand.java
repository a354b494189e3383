package io.influxupgrade.commands.config;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.UpgradeException;

import java.nio.file.Path;
import java.util.Map;

/** Compares an old influxdb.conf with what a target release reads; never writes anything. */
public final class ConfigDiffCommand {

    /**
     * @param oldFile the old config
     * @param from    the release that wrote it, or null to infer it from the keys (a usage error when that is ambiguous)
     * @param to      the target release
     * @param env     the environment to look for {@code INFLUXDB_*} overrides in (pass System.getenv() from the shell)
     */
    public record Request(Path oldFile, InfluxVersion from, InfluxVersion to, Map<String, String> env) {
    }

    public ConfigDiff run(Request request) {
        if (request.oldFile() == null) {
            throw UpgradeException.usage("config diff: no old config file given (--old FILE)");
        }
        if (request.to() == null) {
            throw UpgradeException.usage("config diff: no target version given (--to VERSION)");
        }
        ConfigKnowledge kb = ConfigKnowledge.get();
        ConfigFile file = ConfigFile.parse(request.oldFile());
        int to = kb.line(request.to());
        boolean inferred = request.from() == null;
        int from = inferred ? ConfigAnalyzer.inferFrom(kb, file) : kb.line(request.from());
        ConfigAnalyzer.Analysis a = new ConfigAnalyzer(kb, file, from, to).run(request.env());
        return new ConfigDiff(request.oldFile().toString(), kb.lineName(from), inferred, kb.lineName(to),
                a.findings(), a.env());
    }
}
