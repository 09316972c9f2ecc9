package io.github.userimporter.rows;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.dataformat.csv.CsvDataFormat;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import static io.github.userimporter.exchange.ExchangeProperties.OUTCOME;

/**
 * The CSV the importer reads and writes, defined once for the first pass over a file, the route's parser and the
 * output files: an input's header names its columns in any case, its cells are trimmed, and its delimiter is a comma
 * or, as Excel writes in some locales, a semicolon; outputs are RFC 4180 with a header line.
 */
public final class CsvDialect {

    /** The columns of a succeeded file, in order. */
    public static final String SUCCEEDED_COLUMNS = "emailAddress,products,groups,action,accountId,detail,line";
    /** The columns of a failed file, in order: a fixed file can be dropped back as it is. */
    public static final String FAILED_COLUMNS = "emailAddress,products,groups,action,status,error,detail,accountId,line";
    /**
     * The columns a failed file adds after an export's own, for an export read through a mapping; left out when such
     * a failed file comes back.
     */
    public static final List<String> EXPORT_RESULT_COLUMNS = List.of("status", "error", "accountId", "line");
    /**
     * The columns a scheduled file begins with; the export's own follow, in which a row is imported on its day (see
     * {@link Outcome#getScheduledRecord}).
     */
    public static final List<String> SCHEDULED_COLUMNS = List.of("emailAddress", "startDate", "importOn", "line");
    /** How output files are written. */
    public static final CSVFormat OUTPUT = CSVFormat.DEFAULT;

    private CsvDialect() {
    }

    /** How an input file with this delimiter is read, its first record the header. */
    public static CSVFormat input(char delimiter) {
        return cells(delimiter).setHeader().setSkipHeaderRecord(true).get();
    }

    /**
     * camel-csv's parser for the rows of an input file with this delimiter: streamed, not read whole, each record made
     * a {@link Row} by the reader, which looks columns up in the header camel-csv captures from the first record.
     */
    public static CsvDataFormat inputRows(char delimiter, RowReader reader) {
        CsvDataFormat rows = new CsvDataFormat(cells(delimiter).get());
        rows.setLazyLoad(true);
        rows.setCaptureHeaderRecord(true);
        rows.setRecordConverter(reader);
        return rows;
    }

    /** camel-csv's writer of one output record with these columns, the header left out (the file has it). */
    public static CsvDataFormat outputRecord(String columns) {
        CsvDataFormat record = new CsvDataFormat(OUTPUT);
        record.setHeader(columns.split(","));
        record.setSkipHeaderRecord(true);
        return record;
    }

    /** A failed row of an export read through a mapping, in the export's own columns (see {@link Outcome}). */
    public static byte[] exportFailedRecord(@ExchangeProperty(OUTCOME) Outcome outcome) throws IOException {
        return record(outcome.getExportRecord());
    }

    private static byte[] record(List<Object> cells) throws IOException {
        StringWriter record = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(record, OUTPUT)) {
            printer.printRecord(cells);
        }
        return record.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The columns of a succeeded file, one by one. */
    public static List<String> succeededColumns() {
        return List.of(SUCCEEDED_COLUMNS.split(","));
    }

    /** A row that waits for its start date, as its scheduled file writes it. */
    public static byte[] scheduledRecord(@ExchangeProperty(OUTCOME) Outcome outcome) throws IOException {
        return record(outcome.getScheduledRecord());
    }

    /** The columns of an import's scheduled file for an export with these headers. */
    public static List<String> scheduledColumns(List<String> exportHeaders) {
        List<String> columns = new ArrayList<>(SCHEDULED_COLUMNS);
        columns.addAll(exportHeaders);
        return columns;
    }

    /**
     * The columns of an import's failed file: {@link #FAILED_COLUMNS}, or for an export read through a mapping, its
     * own headers and then the status, the error, the account and the line.
     */
    public static List<String> failedColumns(List<String> exportHeaders) {
        if (exportHeaders.isEmpty()) {
            return List.of(FAILED_COLUMNS.split(","));
        }
        List<String> columns = new ArrayList<>(exportHeaders);
        columns.addAll(EXPORT_RESULT_COLUMNS);
        return columns;
    }

    private static CSVFormat.Builder cells(char delimiter) {
        return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreHeaderCase(true).setTrim(true);
    }
}
