package io.influxupgrade.commands.perms;

import io.influxupgrade.commands.UpgradeException;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/** The service user and group (default influxdb:influxdb), resolved through the OS; a missing name is a clear error. */
public record ServiceAccount(UserPrincipal user, GroupPrincipal group) {

    public static final String DEFAULT_USER = "influxdb";
    public static final String DEFAULT_GROUP = "influxdb";

    public static ServiceAccount resolve(String user, String group) {
        String u = user == null || user.isBlank() ? DEFAULT_USER : user;
        String g = group == null || group.isBlank() ? DEFAULT_GROUP : group;
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal up;
        try {
            up = lookup.lookupPrincipalByName(u);
        } catch (UserPrincipalNotFoundException e) {
            throw UpgradeException.notReady("user '" + u + "' does not exist on this machine (install the InfluxDB package,"
                    + " which creates it, or pass --user)");
        } catch (IOException e) {
            throw UpgradeException.unavailable("cannot look up user '" + u + "': " + e.getMessage());
        }
        GroupPrincipal gp;
        try {
            gp = lookup.lookupPrincipalByGroupName(g);
        } catch (UserPrincipalNotFoundException e) {
            throw UpgradeException.notReady("group '" + g + "' does not exist on this machine (create it or pass --group)");
        } catch (IOException e) {
            throw UpgradeException.unavailable("cannot look up group '" + g + "': " + e.getMessage());
        }
        return new ServiceAccount(up, gp);
    }

    public String label() {
        return user.getName() + ":" + group.getName();
    }
}
