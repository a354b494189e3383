package io.influxupgrade.commands.shard;

import io.influxupgrade.commands.Finding;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * How the shard scan looks at the file system: listings through a {@link DataDirScanner.DirectoryLister}, lstat
 * without following links, and the findings for what cannot be read (permission denied, a symbolic link, an I/O
 * error). Every part of the scan (databases, shards, TSM files, WAL dirs, tsi1 indexes) reads through here, so an
 * unreadable entry becomes a finding in one way everywhere and never stops the walk.
 */
final class ShardFs {

    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What one lstat says, including the owner, so that a shard costs a single stat. */
    record Stat(boolean isDirectory, boolean isRegularFile, boolean isSymbolicLink, long size, int uid, int gid) {
    }

    /** The file type is taken from the mode's S_IFMT bits: four attributes cost less to fetch than six. */
    private static final String STAT_ATTRS = "unix:mode,size,uid,gid";
    static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000, S_IFIFO = 0010000;

    private final DataDirScanner.DirectoryLister lister;

    ShardFs(DataDirScanner.DirectoryLister lister) {
        this.lister = lister;
    }

    /** The entries of {@code dir}; empty (with a finding) when it cannot be read. */
    List<Path> list(Path dir, List<Finding> findings) {
        List<Path> entries = readDir(dir, findings, lister::list);
        return entries == null ? List.of() : entries;
    }

    /** Like {@link #list}, names only. */
    List<String> names(Path dir, List<Finding> findings) {
        List<String> names = readDir(dir, findings, lister::names);
        return names == null ? List.of() : names;
    }

    /** Like {@link #list}, but keeps the directory open for relative opens; null (with a finding) when unreadable. */
    DataDirScanner.OpenDir openDir(Path dir, List<Finding> findings) {
        return readDir(dir, findings, lister::open);
    }

    static void closeQuietly(DataDirScanner.OpenDir dir) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException e) {
                // read-only descriptor: nothing was written that a failed close could lose
            }
        }
    }

    /** Reads {@code dir} with {@code how}; null, with a finding, when it cannot be read (and without one when it vanished). */
    private static <T> T readDir(Path dir, List<Finding> findings, DirRead<T> how) {
        try {
            return how.read(dir);
        } catch (AccessDeniedException e) {
            findings.add(Finding.error("shard.unreadable", "directory " + dir + " cannot be read: permission denied; its contents were not checked",
                    "run as the user that owns the data dir (usually influxdb) or fix the permissions"));
        } catch (NoSuchFileException e) {
            // vanished while scanning
        } catch (IOException | RuntimeException e) {
            findings.add(Finding.error("shard.unreadable", "directory " + dir + " cannot be read: " + reason(e), "check the disk and permissions"));
        }
        return null;
    }

    @FunctionalInterface
    private interface DirRead<T> {
        T read(Path dir) throws IOException;
    }

    /** One lstat of {@code p} with its owner; null when it is gone, or (with a finding) when it cannot be examined. */
    static Stat stat(Path p, List<Finding> findings) {
        try {
            Map<String, Object> a = Files.readAttributes(p, STAT_ATTRS, NOFOLLOW);
            int type = (Integer) a.get("mode") & S_IFMT;
            return new Stat(type == S_IFDIR, type == S_IFREG, type == S_IFLNK, (Long) a.get("size"), (Integer) a.get("uid"),
                    (Integer) a.get("gid"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            findings.add(unexaminable(p, e));
            return null;
        }
    }

    /** The basic attributes of {@code p} (not following a link); null as for {@link #stat}. */
    static BasicFileAttributes attrs(Path p, List<Finding> findings) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            findings.add(unexaminable(p, e));
            return null;
        }
    }

    private static Finding unexaminable(Path p, Exception e) {
        return Finding.error("shard.unreadable", p + " cannot be examined: " + reason(e), "check the disk and permissions");
    }

    /** The finding for a symbolic link met in the walk: where it points, and whether that is outside {@code root}. */
    static Finding symlink(Path link, Path root) {
        String target;
        boolean inside = false;
        try {
            Path t = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            target = t.toString();
            inside = t.startsWith(root);
        } catch (IOException | RuntimeException e) {
            target = "?";
        }
        return Finding.warning("shard.symlink", link + " is a symbolic link to " + target + (inside ? "" : ", outside the data dir")
                        + "; it was not followed, so what it points to was not checked",
                "replace the link with the real directory or file, or check the target separately");
    }

    /** {@code dir} with its links resolved, once, for the whole walk; a usage error when it is not a directory. */
    static Path realDir(Path dir, String what) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw UpgradeException.usage(what + " " + dir + " is not a directory (pass the influxd [data] dir)");
            }
            return real;
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("open " + what + " " + dir, e);
        }
    }

    static String name(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString();
    }

    static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
