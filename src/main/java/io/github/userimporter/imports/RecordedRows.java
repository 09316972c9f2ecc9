package io.github.userimporter.imports;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.userimporter.rows.Action;
import io.github.userimporter.rows.CsvDialect;
import io.github.userimporter.rows.Outcome;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of an import whose outcome is already on disk, read back from its staged result files when the import is
 * resumed: those rows are not posted again. The result files are the journal; each row's {@code line} names it.
 */
final class RecordedRows {

    static final RecordedRows NONE = new RecordedRows(new BitSet(), 0, 0, 0, 0, 0, Map.of());

    /** How a journal file reads: a header naming the columns, then one record a row. */
    static final CSVFormat JOURNAL = CsvDialect.OUTPUT.builder().setHeader().setSkipHeaderRecord(true).get();

    /** A torn record is at most one row long; rows are far shorter than this. */
    private static final int TAIL = 64 * 1024;

    private final BitSet lines;
    private final long succeeded;
    private final long restored;
    private final long left;
    private final long skipped;
    private final long scheduled;
    private final Map<String, Long> failedByReason;

    private RecordedRows(BitSet lines, long succeeded, long restored, long left, long skipped, long scheduled,
            Map<String, Long> failedByReason) {
        this.scheduled = scheduled;
        this.restored = restored;
        this.left = left;
        this.skipped = skipped;
        this.lines = lines;
        this.succeeded = succeeded;
        this.failedByReason = failedByReason;
    }

    /**
     * Reads the result files of an import, first cutting off a record a crash left half-written.
     *
     * @param exportHeaders the headers of an export read through a mapping, which its failed and scheduled files keep
     */
    static RecordedRows read(Path succeededFile, Path failedFile, Path scheduledFile, List<String> exportHeaders)
            throws IOException {
        BitSet lines = new BitSet();
        long[] restored = {0};
        long[] left = {0};
        long[] skipped = {0};
        long succeeded = read(succeededFile, CsvDialect.succeededColumns(), lines, record -> {
            if (record.isMapped("detail") && Outcome.ACCESS_RESTORED.equals(record.get("detail"))) {
                restored[0]++;
            }
            if (record.isMapped("action") && Action.isLeave(record.get("action"))) {
                left[0]++;
            }
            if (record.isMapped("action") && Action.isSkip(record.get("action"))) {
                skipped[0]++;
            }
        });
        Map<String, Long> failedByReason = new HashMap<>();
        read(failedFile, CsvDialect.failedColumns(exportHeaders), lines, record -> failedByReason.merge(
                Outcome.reason(record.get("status"), record.get("error")), 1L, Long::sum));
        long scheduled = read(scheduledFile, CsvDialect.scheduledColumns(exportHeaders), lines, record -> {
        });
        return new RecordedRows(lines, succeeded, restored[0], left[0], skipped[0], scheduled, failedByReason);
    }

    boolean contains(long line) {
        return line <= Integer.MAX_VALUE && lines.get((int) line);
    }

    long succeeded() {
        return succeeded;
    }

    /** Of the succeeded rows, those whose account had its access restored. */
    long restored() {
        return restored;
    }

    /** Of the succeeded rows, the leavers. */
    long left() {
        return left;
    }

    /** Of the succeeded rows, those left alone. */
    long skipped() {
        return skipped;
    }

    /** The joins recorded as waiting for their start date. */
    long scheduled() {
        return scheduled;
    }

    /** The recorded failures by reason. */
    Map<String, Long> failedByReason() {
        return failedByReason;
    }

    long count() {
        return succeeded + scheduled + failedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long read(Path file, List<String> columns, BitSet lines, Consumer<CSVRecord> each)
            throws IOException {
        dropTornRecord(file);
        matchColumns(file, columns);
        long count = 0;
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser parser = JOURNAL.parse(reader)) {
            for (CSVRecord record : parser) {
                lines.set(Math.toIntExact(Long.parseLong(record.get("line"))));
                each.accept(record);
                count++;
            }
            return count;
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw new IOException("the journal " + file + " is damaged after " + count + " rows (" + e.getMessage()
                    + "); move its import folder out of the state folder to import the file afresh", e);
        }
    }

    /**
     * Rewrites a journal an earlier version began with other columns in this version's, by column name, so that the
     * records this run appends match its header. Written aside and moved into place: a crash leaves one or the other.
     */
    private static void matchColumns(Path file, List<String> columns) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser header = JOURNAL.parse(reader)) {
            if (header.getHeaderNames().isEmpty() || header.getHeaderNames().equals(columns)) {
                return;
            }
        }
        StringWriter upgraded = new StringWriter();
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser parser = JOURNAL.parse(reader);
             CSVPrinter printer = new CSVPrinter(upgraded, CsvDialect.OUTPUT.builder()
                     .setHeader(columns.toArray(String[]::new)).get())) {
            for (CSVRecord record : parser) {
                printer.printRecord(columns.stream().map(column -> record.isMapped(column) ? record.get(column)
                        : "").toList());
            }
        }
        OwnerOnly.writeDurably(file, upgraded.toString());
    }

    /**
     * Every record ends with CRLF and is appended in one write, so a crash can leave at most one partial record at
     * the end (after a power loss): the file is cut back to its last line end.
     */
    private static void dropTornRecord(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            int length = (int) Math.min(size, TAIL);
            ByteBuffer tail = ByteBuffer.allocate(length);
            channel.read(tail, size - length);
            byte[] bytes = tail.array();
            int end = length;
            while (end >= 2 && !(bytes[end - 2] == '\r' && bytes[end - 1] == '\n')) {
                end--;
            }
            if (end < 2) {
                end = 0;
            }
            if (end < length) {
                channel.truncate(size - length + end);
                channel.force(true);
            }
        }
    }
}
