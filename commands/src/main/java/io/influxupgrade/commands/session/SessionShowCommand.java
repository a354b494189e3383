package io.influxupgrade.commands.session;

import io.influxupgrade.commands.InfluxVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reports the open session, the installed binary and the disk layout, warning where they disagree. */
public final class SessionShowCommand {

    public SessionReport run(Workspace ws) {
        UpgradeSession s = ws.session();
        List<String> warnings = new ArrayList<>();
        InfluxVersion from = s.from();

        var binary = VersionDetector.binary();
        String binVersion = binary.map(VersionDetector.BinaryVersion::version).orElse(null);
        InfluxVersion bin = InfluxVersion.tryParse(binVersion);
        if (bin != null && from != null && !bin.line().equals(from.line()) && !bin.line().equals(s.to().line())) {
            warnings.add("installed influxd is " + bin + ", neither the old (" + from + ") nor the target (" + s.to() + ") version");
        }
        VersionDetector.LayoutHint layout = VersionDetector.layout(path(s.getMetaDir()), path(s.getDataDir()));
        if (layout.contradicts(from)) {
            warnings.add("--from " + from + " disagrees with the disk layout: " + layout.layout() + " (" + layout.evidence() + ")");
        }
        for (String[] dir : new String[][] {{"meta dir", s.getMetaDir()}, {"data dir", s.getDataDir()}, {"wal dir", s.getWalDir()}}) {
            if (dir[1] != null && !Files.isDirectory(Path.of(dir[1]))) {
                warnings.add(dir[0] + " " + dir[1] + " does not exist any more");
            }
        }
        UpgradeSession.ConnectionInfo c = s.getConnection();
        return new SessionReport(s.getName(), s.getFromVersion(), s.to().toString(),
                s.upgradePath().label(s.to()), s.index(),
                s.getConfigFile(), s.getMetaDir(), s.getDataDir(), s.getWalDir(), s.getServiceUser(), s.getServiceGroup(),
                ws.backupRoot().toString(),
                c == null ? null : new SessionReport.Connection(c.url(), c.username(), c.passwordFile() != null),
                List.copyOf(s.getBackups()), s.getSteps(), List.copyOf(s.getBaselines().keySet()),
                new SessionReport.Detected(binary.map(VersionDetector.BinaryVersion::path).orElse(null), binVersion,
                        layout.layout(), layout.evidence()),
                warnings);
    }

    private static Path path(String p) {
        return p == null ? null : Path.of(p);
    }
}
