package io.github.userimporter.pacing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.userimporter.ops.ImporterMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Paces the requests to one endpoint and method of the site, across all rows and files: as many out at once as the
 * {@link CongestionWindow} allows, at the rate the site takes ({@link SendingRate} finds it), and none while the site
 * has asked for a pause ({@code Retry-After}).
 */
final class EndpointPacer {

    /** The exchange property that holds when the current request went out, in {@link System#nanoTime()}. */
    static final String SENT_AT = "pacedAt";
    /** The exchange property that says the current request holds a place in the window. */
    private static final String IN_WINDOW = "pacedInWindow";
    /** Atlassian's header on an answer when less than a fifth of a rate-limit budget is left. */
    private static final String NEAR_LIMIT = "X-RateLimit-NearLimit";
    /** Jira Data Center's headers on every answer: its bucket gets FillRate tokens every Interval-Seconds. */
    private static final String FILL_RATE = "X-RateLimit-FillRate";
    private static final String INTERVAL = "X-RateLimit-Interval-Seconds";

    private final SendingRate rate;
    private final CongestionWindow window;
    private final ImporterMetrics metrics;

    /**
     * @param maxRate     requests per second at most; 0 for no cap
     * @param concurrency requests out at once, always; 0 to let the window find its size
     */
    EndpointPacer(double maxRate, int concurrency, ImporterMetrics metrics) {
        this.rate = new SendingRate(maxRate);
        this.window = new CongestionWindow(concurrency);
        this.metrics = metrics;
    }

    /** Waits for a place in the window and this request's turn. */
    void acquire(Exchange exchange) throws InterruptedException {
        window.acquire();
        long turn;
        long booked;
        try {
            do {
                booked = rate.changes();
                long now = System.nanoTime();
                turn = rate.reserve(now);
                if (turn > now) {
                    TimeUnit.NANOSECONDS.sleep(turn - now);
                }
                // The site may have asked for a pause, or the rate been cut, while this request waited for its turn
            } while (rate.changes() != booked);
        } catch (InterruptedException e) {
            window.giveBack();
            throw e;
        }
        exchange.setProperty(SENT_AT, turn);
        exchange.setProperty(IN_WINDOW, true);
    }

    /**
     * The request of {@link #acquire} was answered, or got no answer: its place in the window is free. An answer that
     * did the work says how fast the site works, and whether it is near its limit; throttles come through
     * {@link #throttled}, once the row's failure is known to be one.
     */
    void release(Exchange exchange) {
        if (exchange.removeProperty(IN_WINDOW) == null) {
            return;
        }
        long now = System.nanoTime();
        long sentAt = exchange.getProperty(SENT_AT, now, Long.class);
        Message answer = exchange.getMessage();
        CongestionWindow.Answer kind = kind(answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class),
                answer.getHeader("Retry-After") != null);
        boolean nearLimit = "true".equalsIgnoreCase(answer.getHeader(NEAR_LIMIT, String.class));
        if (nearLimit) {
            metrics.nearLimit();
        }
        Double refill = refill(answer);
        if (refill != null) {
            rate.refillsAt(refill);
        }
        window.release(sentAt, now, kind, rate.rateAt(now));
        if (kind == CongestionWindow.Answer.WORKED) {
            rate.accepted(sentAt, now, nearLimit);
        }
    }

    /**
     * The refill an answer tells, in tokens a second, or {@code null}: Cloud documents no such header, so it is read
     * when present and never needed.
     */
    private static Double refill(Message answer) {
        try {
            double tokens = Double.parseDouble(answer.getHeader(FILL_RATE, "", String.class).trim());
            double seconds = Double.parseDouble(answer.getHeader(INTERVAL, "", String.class).trim());
            return tokens > 0 && seconds > 0 && Double.isFinite(tokens / seconds) ? tokens / seconds : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * What an answer tells of the site: throttles, and answers that can come back at once (no answer, credentials
     * refused, a proxy's or server's error), say nothing of how fast it works.
     */
    static CongestionWindow.Answer kind(Integer status, boolean retryAfter) {
        if (status == null) {
            return CongestionWindow.Answer.OTHER;
        }
        if (status == 429 || status == 503 && retryAfter) {
            return CongestionWindow.Answer.THROTTLED;
        }
        return status == 401 || status == 403 || status >= 500 ? CongestionWindow.Answer.OTHER
                : CongestionWindow.Answer.WORKED;
    }

    /**
     * The site throttled the exchange's request: 429, or 503 with {@code Retry-After}.
     *
     * @param retryAfter the site's {@code Retry-After}, or {@code null}
     */
    void throttled(Exchange exchange, Duration retryAfter) {
        long now = System.nanoTime();
        rate.throttled(exchange.getProperty(SENT_AT, now, Long.class), now, retryAfter);
    }

    /** Requests per second allowed now. */
    double currentRate() {
        return rate.rateAt(System.nanoTime());
    }

    /** Requests out at once at the most: the fixed number, or the window's ceiling. */
    int maxInFlight() {
        return window.maxSize();
    }

    /** Requests allowed out at once now. */
    int windowSize() {
        return window.size();
    }
}
