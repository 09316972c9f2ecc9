package io.github.userimporter;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The import of one input file: its identity in the outbox and archive, and the rows counted so far. Results are
 * written to a staging folder and moved into the outbox only when the import finishes.
 */
public final class Import {

    private final String id;
    private final String fileName;
    private final Path staging;
    private final Instant startedAt = Instant.now();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Inspection inspection;
    private volatile String archivePath;

    Import(String id, String fileName, Path staging) {
        this.id = id;
        this.fileName = fileName;
        this.staging = staging;
        this.archivePath = Importer.ARCHIVE + "/" + id + ".csv";
    }

    /** {@code <input base name>-<UTC timestamp>}: names the outputs and the archived input. */
    public String getId() {
        return id;
    }

    public String getFileName() {
        return fileName;
    }

    /** The folder, inside the outbox, that holds the results while the import runs. */
    public Path getStaging() {
        return staging;
    }

    /** Where, relative to the inbox, the consumer moves the input when the import is done. */
    public String getArchivePath() {
        return archivePath;
    }

    void rejectedTo(String path) {
        archivePath = path;
    }

    void inspected(Inspection result) {
        inspection = result;
    }

    /** What the first pass over the file found; set before the rows are read. */
    public Inspection getInspection() {
        return inspection;
    }

    Instant startedAt() {
        return startedAt;
    }

    void count(Outcome outcome) {
        (outcome.succeeded() ? succeeded : failed).incrementAndGet();
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }
}
