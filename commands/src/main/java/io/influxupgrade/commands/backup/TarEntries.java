package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the entry names of a (gzipped) tar, as in a portable backup's {@code <TS>.s<id>.tar.gz}, and refuses any
 * entry or link target that is absolute or climbs out with {@code ..}: such an archive could write outside the
 * data dir. Handles ustar prefixes, GNU long names and PAX {@code path}/{@code linkpath} records; every length is
 * bounded by what is left of the stream.
 */
public final class TarEntries {

    private static final int BLOCK = 512;
    private static final long MAX_META_ENTRY = 1 << 20;

    private TarEntries() {
    }

    /** All entry names, after checking each one; FAILED naming the archive and the entry on an unsafe name or a corrupt header. */
    public static List<String> checkedNames(Path archive) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return names(in, archive.toString());
        } catch (IOException e) {
            throw UpgradeException.failed("archive " + archive + ": unreadable (" + e.getMessage() + "; the file is corrupt)");
        }
    }

    static List<String> names(InputStream in, String what) throws IOException {
        List<String> out = new ArrayList<>();
        byte[] h = new byte[BLOCK];
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readFully(in, h)) {
                throw UpgradeException.failed("archive " + what + ": ends inside a header (truncated)");
            }
            if (allZero(h)) {
                return out;
            }
            long size = size(h, what);
            char type = (char) h[156];
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                if (size > MAX_META_ENTRY) {
                    throw UpgradeException.failed("archive " + what + ": a " + size + "-byte extended header (corrupt)");
                }
                byte[] data = new byte[(int) size];
                if (!readFully(in, data)) {
                    throw UpgradeException.failed("archive " + what + ": truncated extended header");
                }
                skip(in, pad(size), what);
                if (type == 'L') {
                    longName = cString(data, 0, data.length);
                } else if (type == 'K') {
                    longLink = cString(data, 0, data.length);
                } else if (type == 'x') {
                    for (String rec : new String(data, StandardCharsets.UTF_8).split("\n")) {
                        int sp = rec.indexOf(' ');
                        String kv = sp < 0 ? rec : rec.substring(sp + 1);
                        if (kv.startsWith("path=")) {
                            longName = kv.substring(5);
                        } else if (kv.startsWith("linkpath=")) {
                            longLink = kv.substring(9);
                        }
                    }
                }
                continue;
            }
            String name = longName != null ? longName : ustarName(h);
            String link = longLink != null ? longLink : cString(h, 157, 100);
            longName = null;
            longLink = null;
            check(what, name, "entry");
            if ((type == '1' || type == '2') && !link.isEmpty()) {
                check(what, link, "link target of " + name + ":");
            }
            out.add(name);
            skip(in, size + pad(size), what);
        }
    }

    private static void check(String what, String name, String role) {
        if (name.isEmpty() || name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw UpgradeException.failed("archive " + what + ": " + role + " '" + name + "' is an absolute path (refusing to restore it;"
                    + " the archive was not made by influxd backup)");
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw UpgradeException.failed("archive " + what + ": " + role + " '" + name + "' climbs out with '..' (refusing to restore it;"
                        + " the archive was not made by influxd backup)");
            }
        }
    }

    private static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        String magic = new String(h, 257, 5, StandardCharsets.US_ASCII);
        if (magic.equals("ustar")) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static long size(byte[] h, String what) {
        if ((h[124] & 0x80) != 0) { // base-256
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
                if (v < 0 || v > (1L << 48)) {
                    throw UpgradeException.failed("archive " + what + ": entry size out of range (corrupt header)");
                }
            }
            return v;
        }
        String s = cString(h, 124, 12).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(s, 8);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw UpgradeException.failed("archive " + what + ": entry size '" + s + "' is not octal (corrupt header)");
        }
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void skip(InputStream in, long n, String what) throws IOException {
        byte[] sink = new byte[8192];
        while (n > 0) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, n));
            if (r < 0) {
                throw UpgradeException.failed("archive " + what + ": truncated entry data");
            }
            n -= r;
        }
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int r = in.read(b, off, b.length - off);
            if (r < 0) {
                return false;
            }
            off += r;
        }
        return true;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
