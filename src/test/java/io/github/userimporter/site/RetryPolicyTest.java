package io.github.userimporter.site;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    @RepeatedTest(20)
    void backsOffFromTwoSecondsDoublingWithJitterAndACap() {
        assertThat(RetryPolicy.backoff(1).toMillis()).isBetween(1400L, 2600L);
        assertThat(RetryPolicy.backoff(2).toMillis()).isBetween(2800L, 5200L);
        assertThat(RetryPolicy.backoff(3).toMillis()).isBetween(5600L, 10400L);
        assertThat(RetryPolicy.backoff(4).toMillis()).isBetween(11200L, 20800L);
        assertThat(RetryPolicy.backoff(6).toMillis()).isBetween(22400L, 30000L);
    }

    @Test
    void readsRetryAfterInSecondsOrAsAnHttpDate() {
        assertThat(OutcomeClassifier.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(OutcomeClassifier.retryAfter(null)).isNull();
        assertThat(OutcomeClassifier.retryAfter("soon")).isNull();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(OutcomeClassifier.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8),
                Duration.ofSeconds(10));
    }
}
