package io.github.userimporter.site;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;

/**
 * Paces requests to the site across all rows and files at the rate the site takes ({@link SendingRate} finds it),
 * and holds every request back while the site has asked for a pause ({@code Retry-After}).
 */
public final class RequestPacer {

    /** The exchange property that holds when the current request went out, in {@link System#nanoTime()}. */
    static final String SENT_AT = "pacedAt";

    private final SendingRate rate;

    /** @param maxRate requests per second at most; 0 for no cap */
    public RequestPacer(double maxRate) {
        this.rate = new SendingRate(maxRate);
    }

    /** Waits for this request's turn. */
    public void acquire(Exchange exchange) throws InterruptedException {
        long turn;
        do {
            long now = System.nanoTime();
            turn = rate.reserve(now);
            if (turn > now) {
                TimeUnit.NANOSECONDS.sleep(turn - now);
            }
            // The site may have asked for a pause while this request waited for its turn
        } while (rate.pausedUntil() > turn);
        exchange.setProperty(SENT_AT, turn);
    }

    /** The site accepted a request (any answer but a throttle). */
    public void accepted() {
        rate.accepted(System.nanoTime());
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
}
