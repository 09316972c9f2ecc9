package io.github.userimporter.ops;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EmailMaskingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "duncan@bancly.com|d*****n@bancly.com",
            "Row 7 (ana.maria+hr@bancly.co.uk) failed|Row 7 (a*****r@bancly.co.uk) failed",
            "jo@bancly.com and x@y.io|*****@bancly.com and *****@y.io",
            "no address here, just an @ sign|no address here, just an @ sign",
            "accepted the credentials of admin@bancly.com; watching|accepted the credentials of a*****n@bancly.com; "
                    + "watching"})
    void masksEveryAddressInALine(String line, String masked) {
        assertThat(EmailMasking.mask(line)).isEqualTo(masked);
    }
}
