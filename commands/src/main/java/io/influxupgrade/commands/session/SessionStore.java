package io.influxupgrade.commands.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sessions on disk: {@code <home>/sessions/<name>/session.json}, written atomically; {@code <home>/current}
 * names the session to reopen. A corrupt file is reported and never overwritten.
 */
public final class SessionStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path home;

    public SessionStore(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    public Path sessionsDir() {
        return home.resolve("sessions");
    }

    public Path dir(String name) {
        return sessionsDir().resolve(checkName(name));
    }

    public Path file(String name) {
        return dir(name).resolve("session.json");
    }

    public boolean exists(String name) {
        return Files.isRegularFile(file(name));
    }

    /** Session names must be usable as folder names and in a prompt. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw UpgradeException.usage("'" + name + "' is not a valid session name (letters, digits, '.', '_' and '-', up to 64, starting with a letter or digit)");
        }
        return name;
    }

    /** All session names, sorted. */
    public List<String> names() {
        Path dir = sessionsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p.resolve("session.json")))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("list sessions in " + dir, e);
        }
        return names;
    }

    /** Reads a session; a corrupt file is a FAILED error that says the file was left untouched. */
    public UpgradeSession load(String name) {
        Path f = file(name);
        if (!Files.isRegularFile(f)) {
            throw UpgradeException.usage("no session named '" + name + "' in " + sessionsDir() + " (run 'session list' or 'session new " + name + " --from VERSION')");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read session file " + f, e);
        }
        try {
            UpgradeSession s = Json.mapper().readValue(bytes, UpgradeSession.class);
            if (s == null || s.getName() == null) {
                throw UpgradeException.failed("session file " + f + " is corrupt (no session name); it was left untouched: fix or move it away");
            }
            if (s.getFormat() > UpgradeSession.FORMAT) {
                throw UpgradeException.failed("session file " + f + " was written by a newer version of this tool (format " + s.getFormat() + "); it was left untouched");
            }
            if (!name.equals(s.getName())) {
                throw UpgradeException.failed("session file " + f + " names session '" + s.getName() + "', not '" + name + "'; it was left untouched");
            }
            return s;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw UpgradeException.failed("session file " + f + " is corrupt (invalid JSON" + where + "); it was left untouched: fix or move it away", e);
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read session file " + f, e);
        }
    }

    /** Writes the session atomically (temp file, fsync, rename) with mode 0600, its folder 0700. */
    public void save(UpgradeSession session) {
        Path dir = dir(session.getName());
        AtomicFiles.createPrivateDirectory(home);
        AtomicFiles.createPrivateDirectory(sessionsDir());
        AtomicFiles.createPrivateDirectory(dir);
        try {
            byte[] json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(session);
            AtomicFiles.write(dir.resolve("session.json"), json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise session", e);
        }
    }

    /** The session to reopen on the next start, or null. */
    public String current() {
        Path f = home.resolve("current");
        try {
            if (!Files.isRegularFile(f)) {
                return null;
            }
            String name = Files.readString(f, StandardCharsets.UTF_8).trim();
            return NAME.matcher(name).matches() && exists(name) ? name : null;
        } catch (IOException e) {
            return null;
        }
    }

    public void setCurrent(String name) {
        AtomicFiles.createPrivateDirectory(home);
        Path f = home.resolve("current");
        if (name == null) {
            AtomicFiles.deleteQuietly(f);
        } else {
            AtomicFiles.write(f, (name + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
