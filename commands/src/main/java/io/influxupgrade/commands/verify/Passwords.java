package io.influxupgrade.commands.verify;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Where a password may come from besides the masked prompt: {@code INFLUX_PASSWORD} or a password file.
 * Both give a fresh {@code char[]} the caller wipes after use; no message ever contains the password.
 */
public final class Passwords {

    public static final String ENV = "INFLUX_PASSWORD";
    private static final long MAX_FILE = 4096;

    private Passwords() {
    }

    /** The password in {@code INFLUX_PASSWORD}, or null when unset. */
    public static char[] fromEnv(Map<String, String> env) {
        String v = env.get(ENV);
        return v == null ? null : v.toCharArray();
    }

    /** The first line of {@code file} (a trailing newline is not part of the password). */
    public static char[] fromFile(Path file) {
        byte[] raw;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw UpgradeException.usage("--password-file " + file + ": larger than " + MAX_FILE
                        + " bytes, so not a password file (put only the password in it)");
            }
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read password file " + file, e);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            int end = chars.limit();
            for (int i = 0; i < chars.limit(); i++) {
                if (chars.get(i) == '\n') {
                    end = i;
                    break;
                }
            }
            if (end > 0 && chars.get(end - 1) == '\r') {
                end--;
            }
            char[] out = new char[end];
            chars.get(0, out, 0, end);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw UpgradeException.usage("--password-file " + file + ": not UTF-8 text");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
