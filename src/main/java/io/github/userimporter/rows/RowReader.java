package io.github.userimporter.rows;

import java.util.List;

import org.apache.camel.dataformat.csv.CsvRecordConverter;
import org.apache.commons.csv.CSVRecord;

/**
 * Turns a parsed CSV record into a {@link Row}, keeping the line number it started on so that every output can point
 * back into the input file.
 */
public final class RowReader implements CsvRecordConverter<Row> {

    public static final String EMAIL_ADDRESS = "emailAddress";
    public static final String PRODUCTS = "products";
    public static final String GROUPS = "groups";
    public static final String ACTION = "action";
    /** The columns the importer reads; a header may name each only once. Other columns are ignored. */
    public static final List<String> COLUMNS = List.of(EMAIL_ADDRESS, PRODUCTS, GROUPS, ACTION);

    @Override
    public Row convertRecord(CSVRecord record) {
        return Row.read(startLine(record), cell(record, EMAIL_ADDRESS), cell(record, PRODUCTS), cell(record, GROUPS),
                cell(record, ACTION));
    }

    private static String cell(CSVRecord record, String column) {
        return record.isSet(column) ? Outcome.restore(record.get(column).trim()) : "";
    }

    /**
     * The parser has just consumed the record, so its line count ends on the record's last line; a quoted value that
     * spans lines moves the start back by the line breaks inside it.
     */
    private static long startLine(CSVRecord record) {
        long breaksInside = 0;
        for (String value : record) {
            breaksInside += value.chars().filter(c -> c == '\n').count();
        }
        return record.getParser().getCurrentLineNumber() - breaksInside;
    }
}
