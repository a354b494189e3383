package io.influxupgrade.commands.shard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner column of the shard list: "user:group (uid:gid)", or "uid:gid" when neither has a name. Every shard has an
 * owner and most share one, so each uid:gid pair is described once per scan (shared by the scan's workers).
 */
final class ShardOwners {

    private final Map<Integer, String> userNames = new ConcurrentHashMap<>();
    private final Map<Integer, String> groupNames = new ConcurrentHashMap<>();
    private final Map<Long, String> owners = new ConcurrentHashMap<>();

    /** The owner of {@code p}, whose lstat gave {@code uid} and {@code gid}. */
    String owner(Path p, int uid, int gid) {
        return owners.computeIfAbsent(((long) uid << 32) | (gid & 0xFFFFFFFFL), k -> describe(p, uid, gid));
    }

    private String describe(Path p, int uid, int gid) {
        try {
            String user = userNames.computeIfAbsent(uid, u -> lookup(p, true, u));
            String group = groupNames.computeIfAbsent(gid, g -> lookup(p, false, g));
            String ids = uid + ":" + gid;
            return user.equals(String.valueOf(uid)) && group.equals(String.valueOf(gid)) ? ids : user + ":" + group + " (" + ids + ")";
        } catch (RuntimeException e) {
            return uid + ":" + gid;
        }
    }

    private static String lookup(Path p, boolean user, int id) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, ShardFs.NOFOLLOW);
            return user ? a.owner().getName() : a.group().getName();
        } catch (IOException | RuntimeException e) {
            return String.valueOf(id);
        }
    }
}
