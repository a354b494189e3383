package io.influxupgrade.commands.demo;

import io.influxupgrade.commands.session.UpgradeSession;
import io.influxupgrade.commands.session.Workspace;

/**
 * {@code demo stop}: stops the demo influxd recorded in the open session's folder by its pid (never by name) and,
 * when the session's connection pointed at it, forgets that connection. NOT_READY when no demo server is recorded.
 */
public final class DemoStopCommand {

    public DemoServer.Stopped run(Workspace ws) {
        UpgradeSession s = ws.session();
        DemoServer.Server recorded = DemoServer.recorded(ws.sessionDir()).orElse(null);
        DemoServer.Stopped stopped = DemoServer.stop(ws.sessionDir(), s.getName());
        if (recorded != null && s.getConnection() != null && recorded.url().equals(s.getConnection().url())) {
            s.setConnection(null);
        }
        return stopped;
    }
}
