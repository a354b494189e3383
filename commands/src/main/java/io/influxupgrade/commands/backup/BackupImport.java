package io.influxupgrade.commands.backup;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.backup.model.BackupKind;
import io.influxupgrade.commands.backup.model.BackupRecord;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a backup that a real InfluxDB tool (or an operator's copy) made into this tool's ledger: the files that
 * hold the metastore are copied into a new 0700 {@code metastore} backup folder with a SHA-256 manifest, re-read
 * and verified like any backup of ours, so that a restore uses a copy nobody can change under it and the session
 * can list, verify and roll back with it. Shard archives are not copied: a metastore restore does not read them.
 */
public final class BackupImport {

    private BackupImport() {
    }

    /** Imports {@code source} (already opened and decoded) into {@code backupRoot}. */
    static BackupRecord run(BackupSource source, Path backupRoot, BackupEnv env) {
        List<Path> files = filesOf(source);
        long bytes = 0;
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                throw AtomicFiles.ioFailure("read " + f, e);
            }
        }
        Path from = source.from();
        Path base = Files.isDirectory(from) ? from : from.toAbsolutePath().getParent();
        return new BackupStore(backupRoot).create(BackupKind.METASTORE, from.toString(), bytes, env, target -> {
            AtomicFiles.createPrivateDirectory(target);
            for (Path f : files) {
                Path rel = base.relativize(f);
                Path to = target.resolve(rel.toString());
                try {
                    if (to.getParent() != null && !Files.isDirectory(to.getParent())) {
                        Files.createDirectories(to.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_RWX));
                    }
                    VerifiedCopy.copyFile(f, to);
                    Files.setPosixFilePermissions(to, AtomicFiles.OWNER_RW);
                } catch (IOException e) {
                    throw AtomicFiles.ioFailure("copy " + f + " to " + to, e);
                }
            }
            BackupSource copy = BackupSource.foreign(target, MetastoreCodecs.defaultCodec());
            if (copy == null) {
                throw UpgradeException.failed("import " + from + ": the copy holds no metastore (the source changed during the copy?)");
            }
            return new BackupStore.Filled(BackupMetastoreCommand.entries(target), "import", from.toString(),
                    "imported " + source.kind() + " backup " + from + " (" + source.verification() + ")");
        });
    }

    /** The files that hold the metastore of {@code source}: the chosen meta.NN, a portable manifest and meta, or a meta dir. */
    private static List<Path> filesOf(BackupSource source) {
        Path dir = source.from();
        List<Path> out = new ArrayList<>();
        switch (source.kind()) {
            case "legacy" -> out.add(source.metaFile());
            case "portable" -> {
                out.add(source.metaFile());
                String stem = source.metaFile().getFileName().toString().replaceFirst("\\.meta$", "");
                Path manifest = dir.resolve(stem + ".manifest");
                if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(manifest);
                }
            }
            case "meta-dir copy" -> {
                try (var walk = Files.walk(dir)) {
                    walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw AtomicFiles.ioFailure("list " + dir, e);
                }
            }
            case "file" -> out.add(source.metaFile());
            default -> throw new IllegalStateException("not a foreign backup: " + source.kind());
        }
        return out;
    }
}
