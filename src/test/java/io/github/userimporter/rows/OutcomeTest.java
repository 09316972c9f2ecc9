package io.github.userimporter.rows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "invalid|emailAddress must contain exactly one @: two@at@bancly.com"
                    + "|invalid: emailAddress must contain exactly one @",
            "invalid|unknown product confluence; allowed: jira-core, jira-software|invalid: unknown product confluence",
            "invalid|duplicate of line 12|invalid: duplicate of an earlier row",
            "invalid|emailAddress is empty|invalid: emailAddress is empty",
            "400|The user with email ana.maria@bancly.co.uk already exists but does not have access to Jira."
                    + "|400: The user with email <address> already exists but does not have access to Jira.",
            "429|Rate limit exceeded.|429: Rate limit exceeded."})
    void failuresOfOneKindShareAReasonWhateverTheRow(String status, String error, String reason) {
        assertThat(Outcome.reason(status, error)).isEqualTo(reason);
    }
}
