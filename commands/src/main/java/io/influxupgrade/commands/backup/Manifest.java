package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The manifest of a backup folder ({@code manifest.json}, written last): what was copied from where, and for
 * every file its size, mode, owner, mtime and SHA-256. Paths in {@link #entries()} are relative to the folder's
 * {@code files/} directory.
 */
public record Manifest(int format, String id, BackupKind kind, Instant createdAt, String source, String via,
                       String detail, long bytes, int files, List<ManifestEntry> entries) {

    public static final String FILE_NAME = "manifest.json";
    public static final String FILES_DIR = "files";
    public static final int FORMAT = 1;
    /** A manifest larger than this is not ours (bounds the read of a hostile file). */
    private static final long MAX_MANIFEST_BYTES = 64L << 20;

    public byte[] toBytes() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise manifest", e);
        }
    }

    /** Reads {@code folder/manifest.json}; a missing or unreadable manifest is a FAILED verification. */
    public static Manifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            if (Files.isSymbolicLink(file)) {
                throw UpgradeException.failed("backup " + folder + ": manifest.json is a symbolic link (refusing to follow it)");
            }
            long size = Files.size(file);
            if (size > MAX_MANIFEST_BYTES) {
                throw UpgradeException.failed("backup " + folder + ": manifest.json is " + size + " bytes, not a manifest of this tool");
            }
            byte[] bytes = Files.readAllBytes(file);
            Manifest m = Json.mapper().readValue(bytes, Manifest.class);
            if (m.format() != FORMAT || m.kind() == null || m.entries() == null || m.id() == null) {
                throw UpgradeException.failed("backup " + folder + ": manifest.json is not a backup manifest of format " + FORMAT);
            }
            for (ManifestEntry e : m.entries()) {
                checkEntryPath(folder, e);
            }
            return m;
        } catch (NoSuchFileException e) {
            throw UpgradeException.failed("backup " + folder + ": no manifest.json (the backup is incomplete or not made by this tool; make a new one)");
        } catch (UpgradeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw UpgradeException.failed("backup " + folder + ": manifest.json is unreadable: " + why);
        }
    }

    private static final Pattern OWNER = Pattern.compile("\\d+:\\d+");
    private static final Pattern MODE = Pattern.compile("[0-7]{1,6}");

    /** Refuses entry paths that could escape the folder ({@code ..}, absolute paths, empty names). */
    static void checkEntryPath(Path folder, ManifestEntry e) {
        String p = e.path();
        if (p == null || p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains("\0")
                || e.type() == null || e.mode() == null || e.owner() == null || !OWNER.matcher(e.owner()).matches()
                || !MODE.matcher(e.mode()).matches()) {
            throw UpgradeException.failed("backup " + folder + ": manifest.json has an invalid entry '" + p + "'");
        }
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw UpgradeException.failed("backup " + folder + ": manifest.json entry '" + p + "' leaves the backup folder");
            }
        }
    }

    /** Hex SHA-256 of the manifest file as it is on disk. */
    public static String fileSha256(Path folder) {
        try {
            return sha256Hex(Files.readAllBytes(folder.resolve(FILE_NAME)));
        } catch (IOException e) {
            return null;
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static boolean exists(Path folder) {
        return Files.exists(folder.resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS);
    }
}
