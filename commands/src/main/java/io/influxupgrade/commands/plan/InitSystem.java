package io.influxupgrade.commands.plan;

import java.nio.file.Files;
import java.nio.file.Path;

/** The service manager and package tool of this machine, for the exact commands of operator steps. */
public record InitSystem(String name, String stop, String start, String status, String install) {

    /** Detects systemd or SysV and dpkg or rpm under {@code root} (normally "/"). */
    public static InfluxInstall detect(Path root, String targetVersion) {
        boolean systemd = Files.isDirectory(root.resolve("run/systemd/system"));
        boolean dpkg = Files.isDirectory(root.resolve("var/lib/dpkg"));
        boolean rpm = Files.isDirectory(root.resolve("var/lib/rpm"));
        String install = dpkg ? "sudo apt-get install influxdb=" + targetVersion + "* (or: sudo dpkg -i influxdb_" + targetVersion + "_amd64.deb)"
                : rpm ? "sudo yum localinstall influxdb-" + targetVersion + ".x86_64.rpm"
                : "install the InfluxDB " + targetVersion + " package or binary for this system";
        InitSystem init = systemd
                ? new InitSystem("systemd", "sudo systemctl stop influxdb", "sudo systemctl start influxdb", "systemctl status influxdb", install)
                : new InitSystem("sysv", "sudo service influxdb stop", "sudo service influxdb start", "service influxdb status", install);
        return new InfluxInstall(init, dpkg ? "dpkg" : rpm ? "rpm" : "unknown");
    }

    /** The init system and the package tool found. */
    public record InfluxInstall(InitSystem init, String packageTool) {
    }
}
