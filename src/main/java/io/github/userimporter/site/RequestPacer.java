package io.github.userimporter.site;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.userimporter.ops.ImporterMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Paces requests to the site across all rows and files: as many out at once as the {@link CongestionWindow} allows,
 * at the rate the site takes ({@link SendingRate} finds it), and none while the site has asked for a pause
 * ({@code Retry-After}).
 */
public final class RequestPacer {

    /** The exchange property that holds when the current request went out, in {@link System#nanoTime()}. */
    static final String SENT_AT = "pacedAt";
    /** The exchange property that says the current request holds a place in the window. */
    private static final String IN_WINDOW = "pacedInWindow";
    /** Atlassian's header on an answer when less than a fifth of a rate-limit budget is left. */
    private static final String NEAR_LIMIT = "X-RateLimit-NearLimit";

    private final SendingRate rate;
    private final CongestionWindow window;
    private final ImporterMetrics metrics;

    /**
     * @param maxRate     requests per second at most; 0 for no cap
     * @param concurrency requests out at once, always; 0 to let the window find its size
     */
    public RequestPacer(double maxRate, int concurrency, ImporterMetrics metrics) {
        this.rate = new SendingRate(maxRate);
        this.window = new CongestionWindow(concurrency);
        this.metrics = metrics;
    }

    /** Waits for a place in the window and this request's turn. */
    public void acquire(Exchange exchange) throws InterruptedException {
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
     * The request of {@link #acquire} was answered, or got no answer: its place in the window is free. An answer but a
     * throttle or a server error says the site took the request, and whether it is near its limit; throttles come
     * through {@link #throttled}, once the row's failure is known to be one.
     */
    public void release(Exchange exchange) {
        if (exchange.removeProperty(IN_WINDOW) == null) {
            return;
        }
        long now = System.nanoTime();
        long sentAt = exchange.getProperty(SENT_AT, now, Long.class);
        Message answer = exchange.getMessage();
        Integer status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        boolean nearLimit = "true".equalsIgnoreCase(answer.getHeader(NEAR_LIMIT, String.class));
        if (nearLimit) {
            metrics.nearLimit();
        }
        window.release(sentAt, now, status != null && status == 429);
        if (status != null && status != 429 && status < 500) {
            rate.accepted(sentAt, now, nearLimit);
        }
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
    public double currentRate() {
        return rate.rateAt(System.nanoTime());
    }

    /** Requests out at once at the most: the fixed number, or the window's ceiling. */
    public int maxInFlight() {
        return window.maxSize();
    }

    /** Requests allowed out at once now. */
    public int windowSize() {
        return window.size();
    }
}
