package io.github.userimporter.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.userimporter.report.ReportInput;
import io.github.userimporter.report.ReportPage;
import io.github.userimporter.rows.CsvDialect;

/**
 * Where an import's files are, by its ID: its journal in a staging folder of the state folder; its results in the
 * outbox, the summary written last so that its presence says the others are complete; its input, archived in the
 * inbox's {@code .done} or set aside in {@code .error}. It also makes the IDs, which no earlier import's file has.
 */
final class ImportFiles {

    static final String SUCCEEDED = ".succeeded.csv";
    static final String FAILED = ".failed.csv";
    /** Joins that wait for their start date; in the outbox only when an import has some. */
    static final String SCHEDULED = ".scheduled.csv";
    static final String SUMMARY = ".summary.json";
    static final String REPORT = ".report.html";
    /** Where the consumer moves an input once imported, as {@code <import id>.csv}. */
    static final String ARCHIVE = ".done";
    /** Where a rejected input goes, with a {@code .error.txt} beside it. */
    static final String REJECTED = ".error";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path inbox;
    private final Path outbox;
    private final StateFolder state;

    ImportFiles(Path inbox, Path outbox, StateFolder state) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.state = state;
    }

    /** A new import's ID: the file's name and the time, and a number when that is taken. */
    synchronized String newId(String fileName) {
        // The ID names files and folders, so a line break or a path separator in the name must not reach it
        String base = fileName.replaceFirst("(?i)\\.(csv|xlsx)$", "").replaceAll("[\\p{Cntrl}/\\\\]", "_");
        String id = base + "-" + STAMP.format(Instant.now());
        // The same name dropped twice in one second must not share outputs
        for (int n = 2; taken(id); n++) {
            id = base + "-" + STAMP.format(Instant.now()) + "-" + n;
        }
        return id;
    }

    private boolean taken(String id) {
        return Files.exists(outbox.resolve(id + SUMMARY)) || Files.exists(state.staging(id))
                || Files.exists(inbox.resolve(ARCHIVE).resolve(id + ".csv"))
                || Files.exists(inbox.resolve(REJECTED).resolve(id + ".csv"));
    }

    /**
     * Creates a new import's staging folder, its journal files holding their headers only.
     *
     * @param exportHeaders the headers of an export read through a mapping, which its failed and scheduled rows keep
     */
    Path beginJournal(String id, List<String> exportHeaders) throws IOException {
        Path staging = OwnerOnly.createDirectories(state.staging(id));
        writeHeader(staging.resolve(id + SUCCEEDED), CsvDialect.succeededColumns());
        writeHeader(staging.resolve(id + FAILED), CsvDialect.failedColumns(exportHeaders));
        writeHeader(staging.resolve(id + SCHEDULED), CsvDialect.scheduledColumns(exportHeaders));
        return staging;
    }

    /** The rows an unfinished import's journal holds. */
    RecordedRows recorded(String id, List<String> exportHeaders) throws IOException {
        Path staging = state.staging(id);
        Path scheduled = staging.resolve(id + SCHEDULED);
        if (!Files.exists(scheduled)) {
            // Begun by a version without start dates
            writeHeader(scheduled, CsvDialect.scheduledColumns(exportHeaders));
        }
        return RecordedRows.read(staging.resolve(id + SUCCEEDED), staging.resolve(id + FAILED), scheduled,
                exportHeaders);
    }

    /**
     * Copies a finished import's journal into the outbox with its report, and writes the summary last.
     *
     * @return what the report shows
     */
    ReportInput publish(Import done, Summary summary) throws IOException {
        String id = done.getId();
        Path staging = done.getStaging();
        OwnerOnly.copyDurably(staging.resolve(id + SUCCEEDED), outbox.resolve(id + SUCCEEDED));
        OwnerOnly.copyDurably(staging.resolve(id + FAILED), outbox.resolve(id + FAILED));
        if (summary.scheduled() > 0) {
            OwnerOnly.copyDurably(staging.resolve(id + SCHEDULED), outbox.resolve(id + SCHEDULED));
        }
        ReportInput report = ImportReport.of(done, summary, staging.resolve(id + SUCCEEDED),
                staging.resolve(id + FAILED));
        OwnerOnly.writeDurably(outbox.resolve(id + REPORT), ReportPage.render(report));
        writeSummary(summary);
        return report;
    }

    /** Writes an import's summary, which says its results are complete. */
    void writeSummary(Summary summary) throws IOException {
        OwnerOnly.writeDurably(outbox.resolve(summary.importId() + SUMMARY), JSON.writeValueAsString(summary));
    }

    /** Writes why a file was rejected beside where it goes, and returns that place, relative to the inbox. */
    String reject(String id, String fileName, String reason) throws IOException {
        Path errors = OwnerOnly.createDirectories(inbox.resolve(REJECTED));
        OwnerOnly.writeString(errors.resolve(id + ".error.txt"), fileName
                + " was not imported and no row of it was posted." + System.lineSeparator() + reason
                + System.lineSeparator());
        return REJECTED + "/" + id + extension(fileName);
    }

    /** Where an imported input is archived, relative to the inbox: named by its import, of its own kind. */
    String archive(String id, String fileName) {
        return ARCHIVE + "/" + id + extension(fileName);
    }

    boolean archived(String id, String fileName) {
        return Files.exists(inbox.resolve(archive(id, fileName)));
    }

    /** {@code .xlsx} for a workbook, {@code .csv} for anything else. */
    private static String extension(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx") ? ".xlsx" : ".csv";
    }

    /** Where rejected inputs go. */
    Path rejectedFolder() {
        return inbox.resolve(REJECTED);
    }

    /** An import's results in the outbox, as a pattern a person reads. */
    Path results(String id) {
        return outbox.resolve(id + ".*");
    }

    Path outbox() {
        return outbox;
    }

    private static void writeHeader(Path file, List<String> columns) throws IOException {
        OwnerOnly.writeDurably(file, CsvDialect.OUTPUT.format(columns.toArray()) + "\r\n");
    }
}
