package io.github.userimporter;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
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
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private volatile Inspection inspection;
    private volatile Future<?> progressReport;
    private final AtomicReference<Exception> stoppedBy = new AtomicReference<>();
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

    /** A row could not go on; the first reason stops the whole import. */
    void stop(Exception reason) {
        stoppedBy.compareAndSet(null, reason);
    }

    /** Whether no further row should be read. */
    boolean stopping() {
        return stoppedBy.get() != null;
    }

    Exception stoppedBy() {
        return stoppedBy.get();
    }

    void reportingWith(Future<?> report) {
        progressReport = report;
    }

    void stopReporting() {
        if (progressReport != null) {
            progressReport.cancel(false);
        }
    }

    /** How far the import is, for the periodic progress line. */
    String progress() {
        long done = done();
        double seconds = Math.max(0.001, Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(fileName).append(": ").append(done);
        Inspection found = inspection;
        if (found != null) {
            line.append(" of ").append(found.rows()).append(" rows (")
                    .append(found.rows() == 0 ? 100 : done * 100 / found.rows()).append("%)");
        } else {
            line.append(" rows");
        }
        line.append(String.format(Locale.ROOT, ", %.1f rows/s, %d answered 429", rate, rateLimited.get()));
        if (found != null && rate > 0) {
            long left = (long) ((found.rows() - done) / rate);
            line.append(", ETA ").append(Duration.ofSeconds(left).toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return line.toString();
    }

    Instant startedAt() {
        return startedAt;
    }

    void count(Outcome outcome) {
        (outcome.succeeded() ? succeeded : failed).incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }

    long retries() {
        return retries.get();
    }

    long rateLimitedCount() {
        return rateLimited.get();
    }

    long done() {
        return succeeded.get() + failed.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }
}
