package io.influxupgrade.shell.command;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.v2.V2PreflightCommand;
import io.influxupgrade.commands.v2.V2ReportWriter;
import io.influxupgrade.shell.render.Output;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code check --to 2.x} and {@code report --to 2.x}: the 1.x → 2.x preflight of the session's installation (issue 18). */
final class V2Checks {

    private V2Checks() {
    }

    static V2PreflightCommand.V2Preflight run(Workspace ws, String to, String v2Path) {
        if (!to.equals("2.x") && !to.equals("2") && !to.startsWith("2.")) {
            throw UpgradeException.usage("--to takes 2.x here (the 1.x targets are the session's: 'session set to VERSION'), not '" + to + "'");
        }
        UpgradeSession s = ws.session();
        // what runs now: the target once the new binary is in, else the old version
        var installed = s.stepDone("install-binary") ? s.to() : s.from();
        return new V2PreflightCommand().run(new V2PreflightCommand.Request(installed, path(s.getMetaDir()), path(s.getDataDir()),
                path(s.getWalDir()), path(s.getConfigFile()), v2Path == null ? null : Path.of(v2Path).toAbsolutePath().normalize()));
    }

    static void check(Workspace ws, Output out, String to, String v2Path) {
        V2PreflightCommand.V2Preflight p = run(ws, to, v2Path);
        out.emit(p, t -> {
            t.heading("What 2.x's influxd upgrade would drop or break (target " + p.v2Dir() + ")");
            io.influxupgrade.shell.render.PlanView.findings(t, p.findings(), p.findings().size() + " finding(s); 'report --to 2.x --out FILE' writes them with the task texts");
            for (V2PreflightCommand.TaskText task : p.tasks()) {
                t.line("");
                t.line("task for " + task.database() + "." + task.name() + (task.complete() ? ":" : " (finish by hand):"));
                task.flux().lines().forEach(l -> t.line("  " + l));
            }
        });
    }

    static void report(Workspace ws, Output out, String to, String v2Path, String outFile, String format, boolean force) {
        if (format != null && !format.equals("md") && !format.equals("json")) {
            throw UpgradeException.usage("report: --format takes md or json, not '" + format + "'");
        }
        V2PreflightCommand.V2Preflight p = run(ws, to, v2Path);
        if (outFile != null) {
            V2ReportWriter.write(p, Path.of(outFile), "json".equals(format), force);
        }
        out.emit(p, t -> {
            if (outFile != null) {
                t.line(t.style().ok("wrote " + outFile));
            } else {
                List<String> lines = new ArrayList<>(V2ReportWriter.markdown(p).lines().toList());
                lines.forEach(t::line);
            }
        });
    }

    private static Path path(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }
}
