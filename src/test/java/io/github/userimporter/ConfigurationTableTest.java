package io.github.userimporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table and {@code application.properties} name the same settings, each the same way. */
class ConfigurationTableTest {

    /** A README table row: {@code | `VARIABLE` | `property` | ...}. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| `([a-z0-9.-]+)` \\|",
            Pattern.MULTILINE);
    /** A property set from an environment variable: {@code property = {{env:VARIABLE:default}}}. */
    private static final Pattern FROM_ENVIRONMENT = Pattern.compile("^([a-z0-9.-]+) = \\{\\{env:([A-Z_]+):",
            Pattern.MULTILINE);

    @Test
    void everyVariableInTheTableIsReadByTheProperty() throws IOException {
        Map<String, String> documented = pairs(TABLE_ROW, Files.readString(Path.of("README.md")), 1, 2);
        Map<String, String> read = pairs(FROM_ENVIRONMENT,
                Files.readString(Path.of("src/main/resources/application.properties")), 2, 1);

        assertThat(documented).isNotEmpty();
        assertThat(missingFrom(documented, read)).as("read by application.properties, not in README.md's table")
                .isEmpty();
        assertThat(missingFrom(read, documented)).as("in README.md's table, not read so by application.properties")
                .isEmpty();
    }

    /** The pairs of {@code these} that {@code those} lacks, as {@code VARIABLE -> property}. */
    private static List<String> missingFrom(Map<String, String> those, Map<String, String> these) {
        return these.entrySet().stream().filter(pair -> !pair.getValue().equals(those.get(pair.getKey())))
                .map(pair -> pair.getKey() + " -> " + pair.getValue()).toList();
    }

    private static Map<String, String> pairs(Pattern pattern, String text, int key, int value) {
        Map<String, String> pairs = new TreeMap<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            pairs.put(matcher.group(key), matcher.group(value));
        }
        return pairs;
    }
}
