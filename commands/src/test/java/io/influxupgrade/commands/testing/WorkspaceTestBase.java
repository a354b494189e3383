package io.influxupgrade.commands.testing;

import io.influxupgrade.commands.InfluxVersion;
import io.influxupgrade.commands.session.SessionNewCommand;
import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * For tests of commands that run in a session: {@link #tmp} holds the install dirs ({@link #dirs}: {@code meta},
 * {@code data}, {@code wal}) and the home of {@link #ws}, a workspace on a clock fixed at {@link #now()} that is closed
 * after each test. A test starts its session with {@link #newSession} (and keeps it in {@link #s} if it likes).
 */
public abstract class WorkspaceTestBase {

    @TempDir
    protected Path tmp;
    protected InstallDirs dirs;
    protected Workspace ws;
    protected UpgradeSession s;

    /** What the workspace's clock says. */
    protected Instant now() {
        return Instant.parse("2026-11-25T10:00:00Z");
    }

    @BeforeEach
    protected final void openWorkspace() throws IOException {
        dirs = InstallDirs.create(tmp);
        ws = new Workspace(tmp.resolve("home"), Clock.fixed(now(), ZoneOffset.UTC));
    }

    @AfterEach
    protected final void closeWorkspace() {
        ws.close();
    }

    /**
     * {@code session new NAME --from FROM} over {@link #dirs}; {@code to} null is the default target, {@code config} and
     * {@code serviceUser} may be null.
     */
    protected UpgradeSession newSession(String name, String from, InfluxVersion to, Path config, String serviceUser) {
        return new SessionNewCommand().run(ws, new SessionNewCommand.Request(name, InfluxVersion.parse(from), to, config,
                dirs.meta(), dirs.data(), dirs.wal(), serviceUser, null, null));
    }
}
