package io.github.userimporter.site;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.github.userimporter.ops.ImporterMetrics;
import io.github.userimporter.pacing.SitePacing;
import org.apache.camel.Exchange;

import static io.github.userimporter.exchange.ExchangeProperties.IMPORT;
import static io.github.userimporter.exchange.ExchangeProperties.RETRIES;

/**
 * Whether and when a row whose request failed transiently is posted again, following Atlassian's rate-limiting
 * guide: after {@code Retry-After} when the site gives one (the {@link SitePacing} holds every row back that long),
 * otherwise with exponential backoff from 2 s, doubling, each delay jittered by a factor in [0.7, 1.3], capped at
 * 30 s; at most {@code maxRetries} times.
 */
public final class RetryPolicy {

    static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final int maxRetries;
    private final SitePacing pacing;
    private final ImporterMetrics metrics;

    public RetryPolicy(int maxRetries, SitePacing pacing, ImporterMetrics metrics) {
        this.maxRetries = maxRetries;
        this.pacing = pacing;
        this.metrics = metrics;
    }

    /** The route's {@code retryWhile}: decides, and sets the redelivery delay for Camel's error handler. */
    public boolean retry(Exchange exchange) {
        // The error handler has moved the exception aside while it decides
        TransientFailureException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                TransientFailureException.class);
        if (failure == null) {
            return false;
        }
        int retry = exchange.getProperty(RETRIES, 0, Integer.class) + 1;
        exchange.setProperty(RETRIES, retry);
        RetryCounter current = exchange.getProperty(IMPORT, RetryCounter.class);
        if (failure.throttled()) {
            pacing.throttled(exchange, failure.retryAfter());
            current.rateLimited();
            metrics.rateLimited();
        }
        if (retry > maxRetries) {
            return false;
        }
        current.retried();
        metrics.retried();
        // After Retry-After pacing does the waiting, for every request to the endpoint at once
        Duration delay = failure.retryAfter() != null ? Duration.ZERO : backoff(retry);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
        return true;
    }

    /** The delay before retry number {@code retry} (1 for the first) when the site said nothing. */
    static Duration backoff(int retry) {
        double base = FIRST_DELAY.toMillis() * Math.pow(2, retry - 1);
        double jittered = base * ThreadLocalRandom.current().nextDouble(0.7, 1.3);
        return Duration.ofMillis((long) Math.min(jittered, MAX_DELAY.toMillis()));
    }
}
