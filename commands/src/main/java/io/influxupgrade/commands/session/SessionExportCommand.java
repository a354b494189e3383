package io.influxupgrade.commands.session;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the session's successful state-changing commands out as a batch script. */
public final class SessionExportCommand {

    public record Request(Path file, boolean force) {
    }

    public record Exported(String file, int commands) {
    }

    public Exported run(Workspace ws, Request r) {
        Path out = r.file().toAbsolutePath().normalize();
        if (Files.exists(out) && !r.force()) {
            throw UpgradeException.usage("session export: " + out + " exists (use --force to replace it)");
        }
        Journal j = ws.journal();
        String script = j.asBatchScript(ws.session().getName());
        AtomicFiles.write(out, script.getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_RW);
        int n = (int) j.entries().stream().filter(e -> e.exitCode() == 0).count();
        return new Exported(out.toString(), n);
    }
}
