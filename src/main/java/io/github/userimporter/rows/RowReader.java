package io.github.userimporter.rows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.dataformat.csv.CsvRecordConverter;
import org.apache.commons.csv.CSVParser;
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
    /**
     * In an export translated through a mapping (inbox.ExportTranslation): why a row's value has no entry in the
     * mapping, and then the export's own cells, each under this prefix and its header.
     */
    public static final String MAPPING_PROBLEM = "importer:mappingProblem";
    public static final String EXPORT_CELL = "export:";
    /** In an export translated through a mapping that reads start dates: the row's, and its first day to import. */
    public static final String START_DATE = "importer:startDate";
    public static final String IMPORT_ON = "importer:importOn";

    private volatile ExportColumns exportColumns;

    @Override
    public Row convertRecord(CSVRecord record) {
        Row row = Row.read(startLine(record), cell(record, EMAIL_ADDRESS), cell(record, PRODUCTS),
                cell(record, GROUPS), cell(record, ACTION));
        if (!record.isMapped(MAPPING_PROBLEM)) {
            return row;
        }
        List<String> cells = new ArrayList<>();
        for (String name : exportColumns(record.getParser())) {
            cells.add(record.isSet(name) ? record.get(name) : "");
        }
        String problem = cell(record, MAPPING_PROBLEM);
        String start = cell(record, START_DATE);
        return row.fromExport(cells, problem.isEmpty() ? null : problem, start.isEmpty() ? null
                : new StartDate(LocalDate.parse(start), LocalDate.parse(cell(record, IMPORT_ON))));
    }

    /** The export's own columns of the file being read: found in its header once, not for each row. */
    private List<String> exportColumns(CSVParser parser) {
        ExportColumns known = exportColumns;
        if (known == null || known.parser() != parser) {
            known = new ExportColumns(parser, parser.getHeaderNames().stream()
                    .filter(name -> name.startsWith(EXPORT_CELL)).toList());
            exportColumns = known;
        }
        return known.names();
    }

    /** The export's own columns in a file's header, and the parser of that file. */
    private record ExportColumns(CSVParser parser, List<String> names) {
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
