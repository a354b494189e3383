package io.influxupgrade.commands.perms;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.Verdict;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code perms check}: the owners and modes of the meta dir (and meta.db), the data dir and the wal dir, and
 * everything below them, against the service account. Fails (exit 4) when anything has the wrong owner or a mode
 * the owner cannot use (files need u+rw, directories u+rwx). Links are reported, never followed.
 */
public final class PermsCheckCommand {

    public record Request(String user, String group, Path metaDir, Path dataDir, Path walDir) {
    }

    /** One object that is not right: what is wrong and the chown/chmod that fixes it. */
    public record Finding(String path, String problem, String owner, String mode, String wantOwner,
                          @com.fasterxml.jackson.annotation.JsonIgnore int wantMode) {
        /** The wanted mode as JSON shows it: octal text like {@link #mode()} ("0600"), not the decimal int. */
        @com.fasterxml.jackson.annotation.JsonProperty("wantMode")
        public String wantModeOctal() {
            return String.format("%04o", wantMode);
        }
    }

    /** All findings (capped in {@link #rows()}) and how many objects were checked. */
    public record PermsReport(String account, List<String> roots, long checked, List<Finding> findings) implements Verdict {
        @Override
        public boolean failed() {
            return !findings.isEmpty();
        }

        @Override
        public String failureSummary() {
            return findings.isEmpty() ? "" : "perms: " + findings.size() + " object(s) not usable by " + account + ", first "
                    + findings.get(0).path() + ": " + findings.get(0).problem() + " (run 'perms fix')";
        }

        public List<List<String>> rows() {
            return findings.stream().limit(200).map(f -> List.of(f.path(), f.problem())).toList();
        }
    }

    /** The session's {@code perms check}: its meta, data and wal dirs against its service account ({@code user}/{@code group} null: the session's). */
    public PermsReport run(io.influxupgrade.commands.session.Workspace ws, String user, String group) {
        io.influxupgrade.commands.session.UpgradeSession s = ws.session();
        io.influxupgrade.commands.session.SessionPaths paths = io.influxupgrade.commands.session.SessionPaths.of(s);
        return run(new Request(user == null || user.isBlank() ? s.getServiceUser() : user,
                group == null || group.isBlank() ? s.getServiceGroup() : group, paths.metaDir(), paths.dataDir(), paths.walDir()));
    }

    public PermsReport run(Request r) {
        ServiceAccount account = ServiceAccount.resolve(r.user(), r.group());
        List<Path> roots = new ArrayList<>();
        for (Path p : new Path[] {r.metaDir(), r.dataDir(), r.walDir()}) {
            if (p != null) {
                roots.add(p.toAbsolutePath().normalize());
            }
        }
        if (roots.isEmpty()) {
            throw UpgradeException.usage("perms check: no meta, data or wal dir given (set them in the session)");
        }
        List<Finding> findings = new ArrayList<>();
        long[] checked = {0};
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                findings.add(new Finding(root.toString(), "does not exist", "", "", account.label(), 0755));
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        check(dir, account, findings);
                        checked[0]++;
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        check(file, account, findings);
                        checked[0]++;
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        findings.add(new Finding(file.toString(), "unreadable: " + exc.getMessage(), "", "", account.label(), 0));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                findings.add(new Finding(root.toString(), "unreadable: " + e.getMessage(), "", "", account.label(), 0));
            }
        }
        return new PermsReport(account.label(), roots.stream().map(Path::toString).toList(), checked[0], List.copyOf(findings));
    }

    static void check(Path p, ServiceAccount account, List<Finding> out) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,isDirectory,isSymbolicLink,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = ((Integer) a.get("mode")) & 07777;
        boolean dir = Boolean.TRUE.equals(a.get("isDirectory"));
        boolean link = Boolean.TRUE.equals(a.get("isSymbolicLink"));
        String owner = pa.owner().getName() + ":" + pa.group().getName();
        int need = dir ? 0700 : 0600;
        int want = link ? mode : mode | need;
        List<String> problems = new ArrayList<>();
        if (!pa.owner().getName().equals(account.user().getName())) {
            problems.add("owner " + pa.owner().getName() + " is not " + account.user().getName());
        }
        if (!pa.group().getName().equals(account.group().getName())) {
            problems.add("group " + pa.group().getName() + " is not " + account.group().getName());
        }
        if (!link && (mode & need) != need) {
            problems.add(String.format("mode %04o lacks %s for the owner", mode, dir ? "rwx" : "rw"));
        }
        if (!problems.isEmpty()) {
            out.add(new Finding(p.toString(), (link ? "symbolic link: " : "") + String.join(", ", problems), owner,
                    String.format("%04o", mode), account.label(), want));
        }
    }
}
