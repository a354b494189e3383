package io.influxupgrade.commands.backup.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.List;

/**
 * A backup as the session records it (the entries of {@code backups} in {@code session.json}) and {@code backup
 * list/show} print it. {@code verified} is true only for a finished folder (never a {@code .partial} one) whose files
 * matched its manifest when it was last checked. Session files written before this record carried {@code source} have
 * none (null); a kind label this version does not know loads as {@link BackupKind#UNKNOWN}.
 */
public record BackupRecord(String id, @JsonDeserialize(using = BackupKind.LedgerDeserializer.class) BackupKind kind,
                           String path, Instant createdAt, long bytes, int files, boolean verified, String manifestSha256,
                           String via, String source, String detail) {

    /** This record with {@code verified} set as given. */
    public BackupRecord withVerified(boolean verified) {
        return new BackupRecord(id, kind, path, createdAt, bytes, files, verified, manifestSha256, via, source, detail);
    }

    /** The list shape: {@code id, kind, path, createdAt, bytes, verified}. */
    public Summary summary() {
        return new Summary(id, kind, path, createdAt, bytes, verified);
    }

    /** The fields {@code backup list --format json} prints for each backup. */
    public record Summary(String id, BackupKind kind, String path, Instant createdAt, long bytes, boolean verified) {
    }

    /** Rows for a text table: field, value. */
    public List<List<String>> rows() {
        return List.of(
                List.of("id", id), List.of("kind", kind.label()), List.of("path", path),
                List.of("createdAt", String.valueOf(createdAt)), List.of("bytes", Long.toString(bytes)),
                List.of("files", Integer.toString(files)), List.of("verified", Boolean.toString(verified)),
                List.of("manifest sha256", String.valueOf(manifestSha256)), List.of("via", String.valueOf(via)),
                List.of("source", String.valueOf(source)), List.of("detail", String.valueOf(detail)));
    }
}
