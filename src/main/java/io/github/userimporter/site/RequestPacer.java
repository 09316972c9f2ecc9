package io.github.userimporter.site;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;

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

    private final SendingRate rate;
    private final CongestionWindow window;

    /**
     * @param maxRate     requests per second at most; 0 for no cap
     * @param concurrency requests out at once, always; 0 to let the window find its size
     */
    public RequestPacer(double maxRate, int concurrency) {
        this.rate = new SendingRate(maxRate);
        this.window = new CongestionWindow(concurrency);
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

    /** The request of {@link #acquire} was answered, or got no answer: its place in the window is free. */
    public void release(Exchange exchange) {
        if (exchange.removeProperty(IN_WINDOW) != null) {
            long now = System.nanoTime();
            Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            window.release(exchange.getProperty(SENT_AT, now, Long.class), now, status != null && status == 429);
        }
    }

    /**
     * The site accepted the exchange's request (any answer but a throttle).
     *
     * @param nearLimit whether the answer said {@code X-RateLimit-NearLimit: true}
     */
    void accepted(Exchange exchange, boolean nearLimit) {
        long now = System.nanoTime();
        rate.accepted(exchange.getProperty(SENT_AT, now, Long.class), now, nearLimit);
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
