package io.influxupgrade.commands.backup;

import java.time.Instant;

/**
 * One file system object of a backed-up tree as it was in the source: relative path ({@code /} separated),
 * type ({@code file}, {@code dir}, {@code link}), size, mode (octal), owner ({@code uid:gid}) and owner names
 * ({@code user:group}), mtime, SHA-256 of the bytes (files only) and the link target (links only). Files also carry
 * a CRC-32C, used only by the fast re-read right after a copy (it catches I/O errors, not tampering; every later
 * verification uses the SHA-256).
 */
public record ManifestEntry(String path, String type, long size, String mode, String owner, String ownerNames,
                            Instant mtime, String sha256, String linkTarget, String crc32c) {

    public ManifestEntry(String path, String type, long size, String mode, String owner, String ownerNames,
                         Instant mtime, String sha256, String linkTarget) {
        this(path, type, size, mode, owner, ownerNames, mtime, sha256, linkTarget, null);
    }

    public static final String FILE = "file";
    public static final String DIR = "dir";
    public static final String LINK = "link";

    public boolean isFile() {
        return FILE.equals(type);
    }

    public boolean isDir() {
        return DIR.equals(type);
    }

    public boolean isLink() {
        return LINK.equals(type);
    }

    /** The source mode as an int (e.g. 0644). */
    public int modeBits() {
        return Integer.parseInt(mode, 8);
    }

    public int uid() {
        return Integer.parseInt(owner.substring(0, owner.indexOf(':')));
    }

    public int gid() {
        return Integer.parseInt(owner.substring(owner.indexOf(':') + 1));
    }
}
