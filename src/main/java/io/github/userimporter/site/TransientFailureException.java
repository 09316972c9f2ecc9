package io.github.userimporter.site;

import java.time.Duration;

/**
 * An answer worth trying again: 429, 5xx, a timeout or a cut connection. {@link RetryPolicy} decides whether and
 * when; if it gives up, the row fails with this status and error.
 */
public class TransientFailureException extends RuntimeException {

    private final String status;
    private final Duration retryAfter;

    /**
     * @param status     the HTTP status, or a word such as {@code timeout}
     * @param error      what the site said, or what went wrong
     * @param retryAfter the site's {@code Retry-After}, or {@code null}
     */
    public TransientFailureException(String status, String error, Duration retryAfter) {
        super(error);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public String status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the site asked us to slow down (429, or 503 with {@code Retry-After}), not merely failed. */
    public boolean throttled() {
        return "429".equals(status) || retryAfter != null;
    }
}
