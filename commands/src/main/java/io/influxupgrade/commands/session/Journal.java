package io.influxupgrade.commands.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.influxupgrade.commands.Json;
import io.influxupgrade.commands.fs.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only record of state-changing commands of one session ({@code journal.jsonl}): when, what
 * (secrets redacted), exit code and a one-line outcome. It can be replayed as a batch script.
 */
public final class Journal {

    /** One journal line. */
    public record Entry(Instant time, String command, int exitCode, String outcome) {
    }

    private final Path file;

    public Journal(Path sessionDir) {
        this.file = sessionDir.resolve("journal.jsonl");
    }

    public Path file() {
        return file;
    }

    /** Appends one entry and fsyncs it; the command line is redacted here, whatever the caller did. */
    public void append(Instant time, String command, int exitCode, String outcome) {
        Entry e = new Entry(time, Redactor.redact(command), exitCode, Redactor.redact(outcome));
        byte[] line = (Json.line(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            boolean created = !Files.exists(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(false);
            }
            if (created) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | UnsupportedOperationException e2) {
            if (e2 instanceof IOException io) {
                throw AtomicFiles.ioFailure("append to journal " + file, io);
            }
        }
    }

    /** All entries; a damaged line (e.g. cut by a crash) is skipped. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.mapper().readValue(l, Entry.class));
                } catch (JsonProcessingException ignored) {
                    // a line cut short by a crash; the rest of the journal is still good
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.ioFailure("read journal " + file, e);
        }
        return out;
    }

    /** The successful state-changing commands as a batch script that stops at the first failure. */
    public String asBatchScript(String sessionName) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Batch exported from session '").append(sessionName).append("' (successful state-changing commands)\n");
        sb.append("# Run with: scripts/influx-upgrade --script THIS_FILE\n");
        for (Entry e : entries()) {
            if (e.exitCode() == 0) {
                sb.append("# ").append(e.time()).append('\n').append(e.command()).append('\n');
            }
        }
        return sb.toString();
    }
}
