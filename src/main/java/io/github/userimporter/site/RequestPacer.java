package io.github.userimporter.site;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Paces requests to the site across all rows and files: an optional cap on requests per second, and a pause for
 * everyone when the site asks for one (429 or 503 with {@code Retry-After}). After such a pause the rate starts a
 * little below what the site was accepting and climbs back slowly, so a site that throttles us sees few further
 * 429s.
 */
public final class RequestPacer {

    /** The share of the accepted rate to resume at after a throttle. */
    static final double RESUME_SHARE = 0.95;
    /** How fast the rate climbs back: this share of itself per second. */
    static final double RECOVERY_PER_SECOND = 0.005;

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double maxRate;
    /** When recent requests were accepted, to estimate the rate the site takes. */
    private final Deque<Long> accepted = new ArrayDeque<>();
    private long pausedUntil = System.nanoTime();
    private long nextSlot = System.nanoTime();
    private long throttledAt;
    private double resumeRate = Double.POSITIVE_INFINITY;

    /** @param maxRate requests per second at most; 0 for no cap */
    public RequestPacer(double maxRate) {
        this.maxRate = maxRate > 0 ? maxRate : Double.POSITIVE_INFINITY;
    }

    /** Waits for this request's turn. */
    public void acquire() throws InterruptedException {
        long wait = reserve(System.nanoTime());
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** The site accepted a request (any answer but 429/503). */
    public synchronized void accepted() {
        long now = System.nanoTime();
        accepted.addLast(now);
        while (!accepted.isEmpty() && accepted.peekFirst() < now - SECOND) {
            accepted.removeFirst();
        }
    }

    /**
     * The site asked us to wait: nobody sends before {@code retryAfter} has passed, and the rate restarts below what
     * the site accepted in the last second. Several rows in flight get the same answer; only the first cuts the rate.
     */
    public synchronized void pause(Duration retryAfter) {
        long now = System.nanoTime();
        boolean newEpisode = now >= pausedUntil;
        pausedUntil = Math.max(pausedUntil, now + retryAfter.toNanos());
        if (newEpisode) {
            resumeRate = Math.max(1, Math.min(currentRate(now), acceptedLastSecond(now)) * RESUME_SHARE);
            throttledAt = pausedUntil;
        }
    }

    /** Requests per second allowed now. */
    synchronized double currentRate(long now) {
        if (Double.isInfinite(resumeRate)) {
            return maxRate;
        }
        double seconds = Math.max(0, now - throttledAt) / (double) SECOND;
        return Math.min(maxRate, resumeRate * Math.pow(1 + RECOVERY_PER_SECOND, seconds));
    }

    private synchronized long reserve(long now) {
        long start = Math.max(now, Math.max(pausedUntil, nextSlot));
        double rate = currentRate(start);
        nextSlot = Double.isInfinite(rate) ? start : start + (long) (SECOND / rate);
        return start - now;
    }

    private int acceptedLastSecond(long now) {
        return (int) accepted.stream().filter(at -> at >= now - SECOND).count();
    }
}
