package io.influxupgrade.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxupgrade.commands.testing.InstallDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code perms check} and {@code perms fix} in the real jar. As root (CI) the service account is nobody:nogroup, so
 * the fix has to chown everything; otherwise the account is the current user and the fix restores the owner's
 * permission bits that were taken away.
 */
class PermsIT {

    @TempDir
    Path tmp;

    @Test
    void fixShowsItsPlanChangesNothingOnADryRunThenMakesCheckPass() throws Exception {
        InstallDirs dirs = InstallDirs.create(tmp);
        Path shard = Files.createDirectories(dirs.data().resolve("telegraf/autogen/1"));
        Path metaDb = Files.writeString(dirs.meta().resolve("meta.db"), "not read by perms");
        Path tsm = Files.writeString(shard.resolve("000000001-000000001.tsm"), "x");
        Files.setPosixFilePermissions(metaDb, PosixFilePermissions.fromString("---------"));
        ServiceAccount service = ServiceAccount.of(tmp);
        String account = service.options();

        ShellProcess.Run r = new ShellProcess(tmp.resolve("home")).feed(String.join("\n",
                "session new p --from 1.3 --meta-dir " + dirs.meta() + " --data-dir " + dirs.data() + " --wal-dir " + dirs.wal(),
                "perms check" + account,
                "perms fix --dry-run" + account,
                "perms check" + account,
                "perms fix" + account,
                "perms check" + account,
                ""), "--format", "json", "--keep-going");

        assertThat(r.exitCode()).as("the worst code of the batch: the failed checks before the fix").isEqualTo(4);
        List<String> lines = r.stdoutLines();
        assertThat(lines).hasSize(6);
        JsonNode before = SessionIT.json(lines.get(1));
        assertThat(before.get("findings")).anySatisfy(f -> {
            assertThat(f.get("path").asText()).isEqualTo(metaDb.toString());
            assertThat(f.get("mode").asText()).isEqualTo("0000");
            assertThat(f.get("wantMode").asText()).isEqualTo("0600");
        });

        JsonNode dry = SessionIT.json(lines.get(2));
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        List<String> planned = texts(dry.get("actions"));
        assertThat(planned).anySatisfy(a -> assertThat(a).contains("chmod").contains(metaDb.toString()));
        if (service.root()) {
            assertThat(planned).anySatisfy(a -> assertThat(a).contains("chown").contains(tsm.toString()));
        }
        assertThat(SessionIT.json(lines.get(3)).get("findings")).as("a dry run changes nothing").hasSameSizeAs(before.get("findings"));

        JsonNode fixed = SessionIT.json(lines.get(4));
        assertThat(fixed.get("dryRun").asBoolean()).isFalse();
        assertThat(texts(fixed.get("actions"))).containsAll(planned);
        assertThat(SessionIT.json(lines.get(5)).get("findings")).as(lines.get(5)).isEmpty();
        PosixFileAttributes after = Files.readAttributes(metaDb, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(after.owner().getName()).isEqualTo(service.user());
        assertThat(after.group().getName()).isEqualTo(service.group());
        assertThat(PosixFilePermissions.toString(after.permissions())).startsWith("rw");
        assertThat(Files.readAttributes(tsm, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).owner().getName()).isEqualTo(service.user());
        assertThat(Files.readString(metaDb)).as("contents untouched").isEqualTo("not read by perms");
        assertThat(r.stderr()).doesNotContain("Exception");
    }

    /** Issue 20 item 5: 'perms fix' printed every planned and every done path (44 lines for three shards). */
    @Test
    void fixSummarisesByDirectoryUnlessVerboseAndJsonListsEveryPath() throws Exception {
        int[] lineCounts = new int[2];
        for (int round = 0; round < 2; round++) {
            int files = round == 0 ? 3 : 30;
            Path base = Files.createDirectories(tmp.resolve("r" + round));
            InstallDirs dirs = InstallDirs.create(base);
            Path shard = Files.createDirectories(dirs.data().resolve("telegraf/autogen/1"));
            Files.writeString(dirs.meta().resolve("meta.db"), "x");
            for (int i = 0; i < files; i++) {
                Path f = Files.writeString(shard.resolve(String.format("%09d-000000001.tsm", i + 1)), "x");
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
            }
            String account = ServiceAccount.of(tmp).options();
            ShellProcess shell = new ShellProcess(base.resolve("home"));
            ShellProcess.Run text = shell.feed(String.join("\n", "session new p" + round + " --from 1.3 --meta-dir " + dirs.meta()
                    + " --data-dir " + dirs.data() + " --wal-dir " + dirs.wal(), "perms fix --dry-run" + account, ""));
            assertThat(text.exitCode()).as(text.stderr()).isZero();
            List<String> would = text.stdoutLines().stream().filter(l -> l.startsWith("would: ")).toList();
            assertThat(would).anySatisfy(l -> assertThat(l).contains("chmod 0600").contains(files + " objects in " + shard));
            lineCounts[round] = would.size();

            ShellProcess.Run verbose = shell.feed("perms fix --dry-run --verbose" + account + "\n");
            assertThat(verbose.stdoutLines().stream().filter(l -> l.startsWith("would: chmod 0600 " + shard)).count())
                    .isEqualTo(files);
            ShellProcess.Run json = shell.feed("perms fix --dry-run" + account + "\n", "--format", "json");
            JsonNode dry = SessionIT.json(json.stdoutLines().get(0));
            assertThat(texts(dry.get("actions")).stream().filter(a -> a.startsWith("chmod 0600 " + shard)).count()).isEqualTo(files);
            assertThat(texts(dry.get("summary"))).isNotEmpty();
        }
        assertThat(lineCounts[1]).as("the summary follows directories, not files").isEqualTo(lineCounts[0]);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The account the fix is for: nobody:nogroup as root (so everything is chowned), else the current user and tmp's group. */
    private record ServiceAccount(boolean root, String user, String group) {
        static ServiceAccount of(Path tmp) throws IOException {
            boolean root = "root".equals(System.getProperty("user.name"));
            return new ServiceAccount(root, root ? "nobody" : System.getProperty("user.name"),
                    root ? "nogroup" : Files.readAttributes(tmp, PosixFileAttributes.class).group().getName());
        }

        String options() {
            return " --user " + user + " --group " + group;
        }
    }
}
