package io.github.userimporter.ops;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ControlCharacterEscapingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Importing line\\nbreak.csv as x|Importing line\\\\nbreak.csv as x",
            "a\\r\\nb|a\\\\r\\\\nb",
            "bell\\007 and escape\\033[31m|bell\\\\u0007 and escape\\\\u001b[31m",
            "tab\\tstays|tab\\tstays",
            "plain line|plain line"})
    void everyEventStaysOnOneLine(String message, String shown) {
        assertThat(ControlCharacterEscaping.escape(unescape(message))).isEqualTo(unescape(shown));
    }

    /** The cases are written with backslash escapes, so that the source file itself holds no control character. */
    private static String unescape(String text) {
        return text.translateEscapes();
    }
}
