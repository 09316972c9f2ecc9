package io.github.userimporter.inbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
 * ({@code sheet}). A field it does not name keeps its own column. Headers match in any case; values too, an exact
 * match first.
 */
public final class ExportMapping {

    /** The importer's fields a mapping may name. */
    static final List<String> FIELDS = List.of("emailAddress", "products", "groups", "action");
    /** The lookup entry for any value not listed. */
    private static final String ANY = "*";

    private final Path file;
    private final Map<String, String> columns;
    private final Map<String, Map<String, String>> values;
    private final String sheet;

    private ExportMapping(Path file, Map<String, String> columns, Map<String, Map<String, String>> values,
            String sheet) {
        this.file = file;
        this.columns = columns;
        this.values = values;
        this.sheet = sheet;
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
                        if (field.equals("emailAddress")) {
                            throw problem(file, lookup.getKeyNode().getStartMark(), "an address is not looked up: "
                                    + "values may map products, groups and action");
                        }
                        Map<String, String> table = new LinkedHashMap<>();
                        for (NodeTuple value : mapping(file, lookup.getValueNode())) {
                            table.put(scalar(file, value.getKeyNode()), scalar(file, value.getValueNode()));
                        }
                        values.put(field, table);
                    }
                }
                case "sheet" -> sheet = scalar(file, entry.getValueNode());
                case "startDate" -> throw problem(file, entry.getKeyNode().getStartMark(), "startDate: importing "
                        + "people on their start date is not built yet; remove startDate, and drop exports of "
                        + "people whose access may begin now");
                default -> throw problem(file, entry.getKeyNode().getStartMark(), "unknown key " + key
                        + "; a mapping has columns, values and sheet");
            }
        }
        return new ExportMapping(file, columns, values, sheet);
    }

    public Path file() {
        return file;
    }

    /** The sheet of a workbook to read; {@code null} for the first. */
    String sheet() {
        return sheet;
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
        if (field.equals("startDate")) {
            throw problem(file, node.getStartMark(), "startDate: importing people on their start date is not built "
                    + "yet; remove startDate, and drop exports of people whose access may begin now");
        }
        if (!FIELDS.contains(field)) {
            throw problem(file, node.getStartMark(), "unknown field " + field + "; the fields are "
                    + String.join(", ", FIELDS));
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
