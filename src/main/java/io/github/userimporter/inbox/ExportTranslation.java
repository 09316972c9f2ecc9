package io.github.userimporter.inbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.userimporter.rows.CsvDialect;
import io.github.userimporter.rows.RowReader;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Writes an HR export, read through its {@link ExportMapping}, as the importer's CSV: its fields under their own names
 * with the lookups applied, a row's problem when a value has no entry, its start date and the day it may be imported
 * (both ISO), and the export's own cells, which a failed
 * file keeps, so that it can be fixed and dropped back through the same mapping. Blank lines are kept, so a row's
 * line stays its line in the export.
 */
final class ExportTranslation {

    private ExportTranslation() {
    }

    /**
     * @param export the export's text, its header first
     * @return the export's own headers, as its failed file names them
     * @throws RejectedFileException when a header the mapping names is missing
     */
    static List<String> translate(BufferedReader export, char delimiter, ExportMapping mapping, Writer out)
            throws IOException {
        CSVParser parser = CsvDialect.input(delimiter).parse(export);
        List<String> names = parser.getHeaderNames();
        // By position: a failed file dropped back has the export's Status beside its own status, which a lookup by
        // name in any case would confuse. The export's own columns, the first of a name in any case found by it
        List<Integer> own = new ArrayList<>();
        Map<String, Integer> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            if (!CsvDialect.EXPORT_RESULT_COLUMNS.contains(name)) {
                own.add(i);
                headers.putIfAbsent(name, i);
            }
        }
        String address = mapping.header(RowReader.EMAIL_ADDRESS);
        if (!headers.containsKey(address)) {
            throw new RejectedFileException("line 1: the header has no " + address + " column, where "
                    + mapping.file() + " reads the address; found: " + String.join(", ", parser.getHeaderNames()));
        }
        for (String header : mapping.mappedHeaders()) {
            if (!headers.containsKey(header)) {
                throw new RejectedFileException("line 1: the header has no " + header + " column, which "
                        + mapping.file() + " maps; found: " + String.join(", ", parser.getHeaderNames()));
            }
        }
        List<String> columns = new ArrayList<>(ExportMapping.FIELDS);
        columns.add(RowReader.MAPPING_PROBLEM);
        columns.add(RowReader.START_DATE);
        columns.add(RowReader.IMPORT_ON);
        own.forEach(i -> columns.add(RowReader.EXPORT_CELL + names.get(i)));
        CSVPrinter printer = new CSVPrinter(out, CsvDialect.OUTPUT.builder().setHeader(columns.toArray(String[]::new))
                .get());
        long written = 1;
        for (CSVRecord record : parser) {
            long start = parser.getCurrentLineNumber() - breaksInside(record);
            for (; written < start - 1; written++) {
                printer.println();
            }
            printer.printRecord(translated(record, headers, mapping, own));
            written = start + breaksInside(record);
        }
        printer.flush();
        return own.stream().map(names::get).toList();
    }

    /**
     * The importer's record of an export's: its fields through the mapping's lookups, why it cannot go on if a value
     * has no entry or its start date does not read, its start date and the day it may be imported, its own cells.
     */
    private static List<String> translated(CSVRecord record, Map<String, Integer> headers, ExportMapping mapping,
            List<Integer> own) {
        List<String> values = new ArrayList<>();
        String problem = "";
        for (String field : ExportMapping.FIELDS) {
            String cell = cell(record, headers.get(mapping.header(field)));
            String value = mapping.value(field, cell);
            if (value == null && problem.isEmpty()) {
                problem = field + " " + cell + " is not in the values of " + mapping.file() + " (" + field
                        + "), which has no \"*\" either";
            }
            values.add(value == null ? cell : value);
        }
        ExportMapping.StartDates startDates = mapping.startDates();
        String startCell = startDates == null ? ""
                : cell(record, headers.get(mapping.header(ExportMapping.START_DATE)));
        LocalDate startDate = null;
        if (!startCell.isEmpty()) {
            try {
                startDate = startDates.parse(startCell);
            } catch (DateTimeParseException e) {
                if (problem.isEmpty()) {
                    problem = "startDate " + startCell + " is not a date in the format " + startDates.pattern()
                            + " of " + mapping.file();
                }
            }
        }
        values.add(problem);
        values.add(startDate == null ? "" : startDate.toString());
        values.add(startDate == null ? "" : startDate.minusDays(startDates.daysAhead()).toString());
        own.forEach(i -> values.add(i < record.size() ? record.get(i) : ""));
        return values;
    }

    /** A cell, trimmed; empty where the record is short of the column. */
    private static String cell(CSVRecord record, Integer column) {
        return column != null && column < record.size() ? record.get(column).trim() : "";
    }

    /** Line breaks inside the record's values: it spans that many more lines. */
    private static long breaksInside(CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            breaks += value.chars().filter(c -> c == '\n').count();
        }
        return breaks;
    }
}
