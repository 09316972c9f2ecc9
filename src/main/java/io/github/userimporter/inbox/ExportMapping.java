package io.github.userimporter.inbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * How an HR export's headers and values become the importer's ({@code IMPORTER_MAPPING}): a YAML file that names, for
 * each of the importer's fields, the export's header ({@code columns}), and for some fields a lookup from the export's
 * values to the importer's ({@code values}, {@code "*"} for any value not listed), and the sheet of a workbook to read
 * ({@code sheet}), and how to read the start date it maps ({@code startDate}: a format, and how many days ahead of it
 * an account may be created). A field it does not name keeps its own column. Headers match in any case; values too,
 * an exact match first.
 */
public final class ExportMapping {

    /** The importer's fields a mapping may name. */
    static final List<String> FIELDS = List.of("emailAddress", "products", "groups", "action");
    /** The field of a join's first day, which holds its row back until then; read as {@code startDate:} says. */
    static final String START_DATE = "startDate";
    /** The lookup entry for any value not listed. */
    private static final String ANY = "*";

    private final Path file;
    private final Map<String, String> columns;
    private final Map<String, Map<String, String>> values;
    private final String sheet;
    private final StartDates startDates;

    private ExportMapping(Path file, Map<String, String> columns, Map<String, Map<String, String>> values,
            String sheet, StartDates startDates) {
        this.file = file;
        this.columns = columns;
        this.values = values;
        this.sheet = sheet;
        this.startDates = startDates;
    }

    /**
     * How a start date is read, and how far ahead of it a join is imported.
     *
     * @param pattern   the export's format, as {@code startDate: format:} writes it
     * @param format    that format, for reading
     * @param daysAhead a join is imported at most this many days before its start date
     */
    record StartDates(String pattern, DateTimeFormatter format, int daysAhead) {

        /**
         * The date of a cell: in the export's format, or as a workbook stores a date ({@code yyyy-MM-dd}); a time of
         * day after it (a report that writes hire dates as date-times, {@code 3/14/2027 0:00}) is left aside.
         *
         * @throws DateTimeParseException when it is in neither
         */
        LocalDate parse(String cell) {
            int time = cell.indexOf(' ') > 0 ? cell.indexOf(' ') : cell.indexOf('T');
            List<String> texts = time > 0 ? List.of(cell, cell.substring(0, time)) : List.of(cell);
            for (String text : texts) {
                for (DateTimeFormatter reading : List.of(format, DateTimeFormatter.ISO_LOCAL_DATE)) {
                    try {
                        return LocalDate.parse(text, reading);
                    } catch (DateTimeParseException notThisWay) {
                        // The next way a date may be written
                    }
                }
            }
            throw new DateTimeParseException("not a date in " + pattern, cell, 0);
        }
    }

    /**
     * Reads a mapping file.
     *
     * @throws IllegalArgumentException naming the file, the line and the problem
     */
    public static ExportMapping read(Path file) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeReader(reader)
                    .orElseThrow(() -> problem(file, Optional.empty(), "the file is empty"));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (MarkedYamlEngineException e) {
            throw problem(file, e.getProblemMark(), "not YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + ": not YAML: " + e.getMessage());
        }
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        String sheet = null;
        StartDates startDates = null;
        Node startDatesKey = null;
        for (NodeTuple entry : mapping(file, root)) {
            String key = scalar(file, entry.getKeyNode());
            switch (key) {
                case "columns" -> {
                    for (NodeTuple column : mapping(file, entry.getValueNode())) {
                        columns.put(field(file, column.getKeyNode()), scalar(file, column.getValueNode()));
                    }
                }
                case "values" -> {
                    for (NodeTuple lookup : mapping(file, entry.getValueNode())) {
                        String field = field(file, lookup.getKeyNode());
                        if (field.equals("emailAddress") || field.equals(START_DATE)) {
                            throw problem(file, lookup.getKeyNode().getStartMark(), "an address or a date is not "
                                    + "looked up: values may map products, groups and action");
                        }
                        Map<String, String> table = new LinkedHashMap<>();
                        for (NodeTuple value : mapping(file, lookup.getValueNode())) {
                            table.put(scalar(file, value.getKeyNode()), scalar(file, value.getValueNode()));
                        }
                        values.put(field, table);
                    }
                }
                case "sheet" -> sheet = scalar(file, entry.getValueNode());
                case START_DATE -> {
                    startDatesKey = entry.getKeyNode();
                    startDates = startDates(file, entry.getValueNode());
                }
                default -> throw problem(file, entry.getKeyNode().getStartMark(), "unknown key " + key
                        + "; a mapping has columns, values, sheet and startDate");
            }
        }
        if (startDates == null && columns.containsKey(START_DATE)) {
            throw problem(file, Optional.empty(), "columns maps startDate to " + columns.get(START_DATE) + ", but "
                    + "there is no startDate: with its format and daysAhead");
        }
        if (startDates != null && !columns.containsKey(START_DATE)) {
            throw problem(file, startDatesKey.getStartMark(), "startDate: says how to read start dates, but columns "
                    + "names no startDate header");
        }
        return new ExportMapping(file, columns, values, sheet, startDates);
    }

    private static StartDates startDates(Path file, Node node) {
        String pattern = null;
        Integer daysAhead = null;
        for (NodeTuple entry : mapping(file, node)) {
            String key = scalar(file, entry.getKeyNode());
            Node value = entry.getValueNode();
            switch (key) {
                case "format" -> pattern = scalar(file, value);
                case "daysAhead" -> {
                    String days = scalar(file, value);
                    if (!days.matches("\\d{1,3}")) {
                        throw problem(file, value.getStartMark(), "daysAhead is a number of days (0 to 999), not "
                                + days);
                    }
                    daysAhead = Integer.valueOf(days);
                }
                default -> throw problem(file, entry.getKeyNode().getStartMark(), "unknown key " + key
                        + "; startDate has format and daysAhead");
            }
        }
        if (pattern == null || daysAhead == null) {
            throw problem(file, node.getStartMark(), "startDate needs both format (such as M/d/yyyy) and daysAhead "
                    + "(such as 3)");
        }
        try {
            return new StartDates(pattern, DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH), daysAhead);
        } catch (IllegalArgumentException e) {
            throw problem(file, node.getStartMark(), "format " + pattern + " is not a date format (" + e.getMessage()
                    + "); M/d/yyyy reads 3/14/2027");
        }
    }

    public Path file() {
        return file;
    }

    /** The sheet of a workbook to read; {@code null} for the first. */
    String sheet() {
        return sheet;
    }

    /** How start dates are read; {@code null} when the mapping names none. */
    StartDates startDates() {
        return startDates;
    }

    /** The export's header of an importer's field: the mapped one, or the field's own name. */
    String header(String field) {
        return columns.getOrDefault(field, field);
    }

    /** The export's headers the mapping names, which a file must have. */
    Collection<String> mappedHeaders() {
        return columns.values();
    }

    /**
     * The importer's value of a field for an export's cell: the cell itself where the field has no lookup or the cell
     * is empty (the importer's default applies), else the lookup's entry, or {@code "*"}'s.
     *
     * @return the value, or {@code null} when the lookup has none for the cell
     */
    String value(String field, String cell) {
        Map<String, String> table = values.get(field);
        if (table == null || cell.isEmpty()) {
            return cell;
        }
        if (table.containsKey(cell)) {
            return table.get(cell);
        }
        for (Map.Entry<String, String> entry : table.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(cell)) {
                return entry.getValue();
            }
        }
        return table.get(ANY);
    }

    private static List<NodeTuple> mapping(Path file, Node node) {
        if (node instanceof MappingNode mapping) {
            return mapping.getValue();
        }
        throw problem(file, node.getStartMark(), "expected keys and values here");
    }

    private static String scalar(Path file, Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().trim();
        }
        throw problem(file, node.getStartMark(), "expected a single value here");
    }

    private static String field(Path file, Node node) {
        String field = scalar(file, node);
        if (!FIELDS.contains(field) && !field.equals(START_DATE)) {
            throw problem(file, node.getStartMark(), "unknown field " + field + "; the fields are "
                    + String.join(", ", FIELDS) + ", " + START_DATE);
        }
        return field;
    }

    private static IllegalArgumentException problem(Path file, Optional<Mark> mark, String problem) {
        return new IllegalArgumentException(file + mark.map(at -> " line " + (at.getLine() + 1)).orElse("") + ": "
                + problem);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
