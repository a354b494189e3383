package io.influxupgrade.commands.check;

import io.influxupgrade.commands.backup.ServiceProbe;
import io.influxupgrade.commands.session.UpgradeSession;

/** The session's service probe; it lives beside {@link ServiceProbe} in backup/ (the restores ask it too). */
public final class ServiceProbes {

    private ServiceProbes() {
    }

    public static ServiceProbe forSession(UpgradeSession s) {
        return io.influxupgrade.commands.backup.ServiceProbes.forSession(s);
    }
}
