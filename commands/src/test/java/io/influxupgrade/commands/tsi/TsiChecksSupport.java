package io.influxupgrade.commands.tsi;

/** Test helper: whether a user exists on this machine. */
final class TsiChecksSupport {

    private TsiChecksSupport() {
    }

    static boolean userExists(String name) {
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
