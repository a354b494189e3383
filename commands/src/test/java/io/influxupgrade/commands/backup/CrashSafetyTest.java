package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a separate JVM (Runtime.halt at the N-th durable step, as SIGKILL would) at every step of backup meta-dir,
 * backup metastore (native) and restore metastore (native), N = 1, 2, ... until the operation completes, and checks
 * after each kill: the meta dir is its before or after state (a restore's in-between states only while its journal
 * says so, and resuming finishes it); no partial backup is listed as verified; the interrupted operation is reported.
 */
class CrashSafetyTest {

    @TempDir
    Path tmp;

    final List<String> log = new ArrayList<>();

    @Test
    void everyCrashPointLeavesAConsistentState() throws Exception {
        int points = 0;
        points += crashLoop("backup-meta-dir", this::backupScenario, null);
        points += crashLoop("backup-metastore", this::backupScenario, null);
        points += crashLoop("restore-metastore", this::restoreScenario, "restore");
        points += crashLoop("restore-meta-dir", this::rollbackScenario, "rollback");
        log.forEach(System.out::println);
        assertThat(points).as("distinct crash points").isGreaterThanOrEqualTo(30);
    }

    interface Setup {
        String prepare(Path work) throws Exception;
    }

    /** A 1.x meta dir with meta.db, node.json and a dozen leftover files (many copy steps). */
    String backupScenario(Path work) throws IOException {
        Path meta = Files.createDirectories(work.resolve("meta"));
        Files.write(meta.resolve("meta.db"), TestMeta.data(21, 99, 4));
        Files.writeString(meta.resolve("node.json"), "null\n");
        Random rnd = new Random(11);
        Files.createDirectories(meta.resolve("old"));
        for (int i = 0; i < 12; i++) {
            Files.write(meta.resolve("old/f" + i), MetaDirFixtures.bytes(rnd, 1000 + i * 5000));
        }
        return null;
    }

    /** A meta dir left by an in-place 0.11 -> 1.x swap (raft.db, node.json, peers.json) with a verified meta-dir backup and a metastore backup. */
    String restoreScenario(Path work) throws IOException {
        Path meta = Files.createDirectories(work.resolve("meta"));
        Files.write(meta.resolve("meta.db"), TestMeta.data(14, 99, 3));
        Files.createDirectories(work.resolve("session"));
        BackupRecord exported = new BackupMetastoreCommand().run(new BackupMetastoreCommand.Request(meta, work.resolve("backups"),
                Via.NATIVE, null, null, null, false));
        Files.write(meta.resolve("meta.db"), TestMeta.data(5, 99, 1));
        Files.write(meta.resolve("raft.db"), new byte[8192]);
        Files.writeString(meta.resolve("node.json"), "{\"ID\":1}");
        Files.writeString(meta.resolve("peers.json"), "[\"localhost:8088\"]");
        new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, work.resolve("backups")));
        return exported.path();
    }

    /** A meta dir changed after its meta-dir backup (files rewritten, removed, added): the rollback puts the backup back. */
    String rollbackScenario(Path work) throws IOException {
        Path meta = Files.createDirectories(work.resolve("meta"));
        MetaDirFixtures.raftEraMetaDir(meta, new Random(21));
        BackupRecord b = new BackupMetaDirCommand().run(new BackupMetaDirCommand.Request(meta, work.resolve("backups")));
        Files.write(meta.resolve("meta.db"), TestMeta.data(16, 99, 2));
        Files.delete(meta.resolve("raft.db"));
        Files.writeString(meta.resolve("node.json"), "null\n");
        Files.setAttribute(meta.resolve("peers.json"), "unix:mode", 0600);
        Files.createDirectories(meta.resolve("extra/dir"));
        Files.writeString(meta.resolve("extra/dir/x"), "x");
        return b.id();
    }

    private int crashLoop(String scenario, Setup setup, String restore) throws Exception {
        Path template = tmp.resolve(scenario + "-template");
        Path work = tmp.resolve(scenario);
        Files.createDirectories(work);
        String arg = setup.prepare(work);
        run("cp", "-a", work.toString(), template.toString());
        RestoreMetaDirCommandTest.Snapshot before = RestoreMetaDirCommandTest.Snapshot.ofContent(work.resolve("meta"));
        Path journal = "restore".equals(restore) ? work.resolve("session") : work.resolve("backups");

        // the reference run, uninterrupted, gives the "after" state
        assertThat(driver(scenario, work, arg, 0).exit).isZero();
        RestoreMetaDirCommandTest.Snapshot after = RestoreMetaDirCommandTest.Snapshot.ofContent(work.resolve("meta"));
        if (restore == null) {
            assertThat(after).isEqualTo(before);
        } else {
            assertThat(after).isNotEqualTo(before);
        }

        int n = 1;
        int intermediate = 0;
        while (true) {
            reset(template, work);
            int verifiedBefore = verifiedCount(work);
            Result r = driver(scenario, work, arg, n);
            if (r.exit == 0) {
                break;
            }
            assertThat(r.exit).as("N=%d: %s", n, r.err).isEqualTo(137);
            assertThat(r.err).contains("crash point " + n);
            RestoreMetaDirCommandTest.Snapshot now = withoutTemps(work.resolve("meta"));
            Optional<PendingOperations.Interrupted> pending = PendingOperations.find(journal);
            boolean completed = now.equals(after) && verifiedCount(work) > verifiedBefore - (restore == null ? 0 : 1)
                    && !Files.exists(journal.resolve(PendingOperations.FILE_NAME));
            if (!now.equals(before) && !now.equals(after)) {
                intermediate++;
                assertThat(restore).as("N=%d: a backup changed the meta dir", n).isNotNull();
                assertThat(pending).as("N=%d: in-between meta dir state without a journal", n).isPresent();
                assertThat(pending.get().operation().op()).isEqualTo(restore.equals("restore") ? "restore metastore" : "restore meta-dir");
            }
            assertNoPartialListedVerified(work, n);
            if (restore == null && !(completed && verifiedCount(work) == verifiedBefore + 1)) {
                assertThat(pending).as("N=%d: interrupted backup not reported", n).isPresent();
            }
            if (restore != null && !now.equals(after)) {
                assertThat(pending).as("N=%d: interrupted restore not reported", n).isPresent();
            }
            if ("rollback".equals(restore) && !now.equals(before)) {
                // the state before the rollback is never lost: a verified safety backup of it exists
                assertThat(new BackupStore(work.resolve("backups")).list()).as("N=%d safety backup", n)
                        .filteredOn(BackupRecord::verified).hasSizeGreaterThanOrEqualTo(2);
            }
            pending.ifPresent(p -> assertThat(p.offer()).contains("resume").contains("clean up"));
            if (restore == null) {
                PendingOperations.cleanUp(journal);
                assertThat(PendingOperations.find(journal)).isEmpty();
                try (Stream<Path> s = Files.list(work.resolve("backups"))) {
                    assertThat(s.map(p -> p.getFileName().toString())).noneMatch(x -> x.endsWith(".partial"));
                }
            } else if (pending.isPresent()) {
                Result resumed = driver(scenario, work, arg, 0);
                assertThat(resumed.exit).as("N=%d resume: %s", n, resumed.err).isZero();
                PendingOperations.cleanUp(journal);
                assertThat(RestoreMetaDirCommandTest.Snapshot.ofContent(work.resolve("meta"))).as("N=%d after resume", n).isEqualTo(after);
                assertThat(PendingOperations.find(journal)).isEmpty();
            } else {
                assertThat(now).as("N=%d: no journal, so the restore must have completed", n).isEqualTo(after);
            }
            n++;
            assertThat(n).as("runaway crash loop").isLessThan(200);
        }
        log.add(scenario + ": " + (n - 1) + " crash points, " + intermediate + " journaled in-between states");
        return n - 1;
    }

    private static void assertNoPartialListedVerified(Path work, int n) {
        for (BackupRecord b : new BackupStore(work.resolve("backups")).list()) {
            if (b.verified()) {
                assertThat(b.path()).as("N=%d", n).doesNotEndWith(BackupStore.PARTIAL_SUFFIX);
                assertThat(BackupVerifier.verify(Path.of(b.path())).verified()).as("N=%d %s", n, b.path()).isTrue();
            }
            if (b.path().endsWith(BackupStore.PARTIAL_SUFFIX)) {
                assertThat(b.verified()).isFalse();
            }
        }
    }

    private static int verifiedCount(Path work) {
        return (int) new BackupStore(work.resolve("backups")).list().stream().filter(BackupRecord::verified).count();
    }

    private static RestoreMetaDirCommandTest.Snapshot withoutTemps(Path meta) throws IOException {
        RestoreMetaDirCommandTest.Snapshot s = RestoreMetaDirCommandTest.Snapshot.ofContent(meta);
        return new RestoreMetaDirCommandTest.Snapshot(s.lines().stream()
                .filter(l -> !PendingOperations.TEMP_FILE.matcher(l.split(" ")[0]).matches()).toList());
    }

    private void reset(Path template, Path work) throws Exception {
        FileTrees.delete(work);
        run("cp", "-a", template.toString(), work.toString());
    }

    record Result(int exit, String err) {
    }

    private static Result driver(String scenario, Path work, String arg, int crashAfter) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                CrashDriver.class.getName(), scenario, work.toString()));
        if (arg != null) {
            cmd.add(arg);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("INFLUX_UPGRADE_CRASH_AFTER", Integer.toString(crashAfter));
        Process p = pb.start();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("driver hung: " + cmd);
        }
        return new Result(p.exitValue(), new String(err, StandardCharsets.UTF_8));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
    }
}
