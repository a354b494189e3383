package io.influxupgrade.commands.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Map;

/** The POSIX facts of one path, read without following a symbolic link (one {@code lstat}). */
record FileFacts(String type, long size, int mode, int uid, int gid, String user, String group, Instant mtime) {

    static FileFacts of(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,owner,group,size,lastModifiedTime,isDirectory,isRegularFile,isSymbolicLink",
                LinkOption.NOFOLLOW_LINKS);
        String type = Boolean.TRUE.equals(a.get("isSymbolicLink")) ? ManifestEntry.LINK
                : Boolean.TRUE.equals(a.get("isDirectory")) ? ManifestEntry.DIR
                : Boolean.TRUE.equals(a.get("isRegularFile")) ? ManifestEntry.FILE : "other";
        int mode = ((Integer) a.get("mode")) & 07777;
        return new FileFacts(type, (Long) a.get("size"), mode, (Integer) a.get("uid"), (Integer) a.get("gid"),
                ((UserPrincipal) a.get("owner")).getName(), ((GroupPrincipal) a.get("group")).getName(),
                ((FileTime) a.get("lastModifiedTime")).toInstant());
    }

    String modeOctal() {
        return String.format("%04o", mode);
    }

    String owner() {
        return uid + ":" + gid;
    }

    String ownerNames() {
        return user + ":" + group;
    }

    static PosixFileAttributes posix(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
