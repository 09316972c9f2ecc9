package io.github.userimporter.rows;

import org.apache.camel.dataformat.csv.CsvDataFormat;
import org.apache.commons.csv.CSVFormat;

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

    private static CSVFormat.Builder cells(char delimiter) {
        return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreHeaderCase(true).setTrim(true);
    }
}
