package io.influxupgrade.commands.session;

import io.influxupgrade.commands.UpgradeException;

import java.util.ArrayList;
import java.util.List;

/** Lists the sessions under the home dir; a corrupt one is listed with its error instead of failing the list. */
public final class SessionListCommand {

    public record Entry(String name, String from, String to, String upgradePath, int backups, int steps,
                        boolean current, String error) {
    }

    public record SessionList(List<Entry> sessions) {
    }

    public SessionList run(Workspace ws) {
        String current = ws.hasSession() ? ws.session().getName() : ws.store().current();
        List<Entry> out = new ArrayList<>();
        for (String name : ws.store().names()) {
            try {
                UpgradeSession s = ws.hasSession() && ws.session().getName().equals(name) ? ws.session() : ws.store().load(name);
                out.add(new Entry(name, s.getFromVersion(), s.to().toString(), s.upgradePath().label(s.to()),
                        s.getBackups().size(), s.getSteps().size(), name.equals(current), null));
            } catch (UpgradeException e) {
                out.add(new Entry(name, null, null, null, 0, 0, name.equals(current), e.getMessage()));
            }
        }
        return new SessionList(out);
    }
}
