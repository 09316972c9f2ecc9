package io.github.userimporter.site;

/**
 * How many requests may be out at once: the other half of pacing. The rate a site allows is reached only with enough
 * requests in flight to cover its latency (40 a second at 250 ms takes 10), so the window grows by itself while answers
 * come back quickly and unthrottled, and shrinks when they slow down or the site throttles, as TCP's congestion window
 * does. Like {@link SendingRate} it takes the time from its caller.
 * <ul>
 * <li>It starts at {@value #FIRST} and grows by one with each answer to a full window (slow start) until the first
 * sign of trouble, then by one per window's worth of answers.</li>
 * <li>A throttle shrinks it to {@value #THROTTLED_SHARE} of itself; an answer slower than {@value #SLOW} times the
 * fastest seen (the site queues our requests) to {@value #SLOW_SHARE}; at most once per round trip.</li>
 * <li>It never exceeds {@value #CEILING}, or a fixed {@code IMPORTER_CONCURRENCY}, which turns all this off.</li>
 * </ul>
 */
final class CongestionWindow {

    static final int FIRST = 4;
    /** The documented ceiling: with 250 ms answers, enough for over 100 requests a second. */
    static final int CEILING = 32;
    static final double THROTTLED_SHARE = 0.75;
    static final double SLOW = 2;
    static final double SLOW_SHARE = 0.9;

    private final boolean fixed;
    private final int maxSize;
    private double limit;
    private boolean slowStart = true;
    private int inFlight;
    private long fastest = Long.MAX_VALUE;
    private long shrunkAt = Long.MIN_VALUE;

    /** @param fixedSize requests out at once, always; 0 to let the window find its size */
    CongestionWindow(int fixedSize) {
        this.fixed = fixedSize > 0;
        this.limit = fixed ? fixedSize : FIRST;
        this.maxSize = fixed ? fixedSize : CEILING;
    }

    /** Takes a place in the window if there is one. */
    synchronized boolean tryAcquire() {
        if (inFlight < (int) limit) {
            inFlight++;
            return true;
        }
        return false;
    }

    /**
     * A request of the window was answered, or gave up.
     *
     * @param sentAt    when it went out
     * @param throttled whether the site throttled it
     */
    synchronized void release(long sentAt, long now, boolean throttled) {
        boolean full = inFlight >= (int) limit;
        inFlight--;
        notifyAll();
        if (fixed) {
            return;
        }
        long roundTrip = now - sentAt;
        fastest = Math.min(fastest, roundTrip);
        boolean slow = roundTrip > SLOW * fastest;
        if (throttled || slow) {
            // One cut per round trip: the answers of one window all tell of the same trouble
            if (sentAt >= shrunkAt) {
                limit = Math.max(1, limit * (throttled ? THROTTLED_SHARE : SLOW_SHARE));
                shrunkAt = now;
            }
            slowStart = false;
        } else if (full) {
            limit = Math.min(CEILING, limit + (slowStart ? 1 : 1 / limit));
        }
    }

    /** A place taken for a request that was never sent. */
    synchronized void giveBack() {
        inFlight--;
        notifyAll();
    }

    /** Waits until a place in the window is free, then takes it. */
    synchronized void acquire() throws InterruptedException {
        while (!tryAcquire()) {
            wait();
        }
    }

    int maxSize() {
        return maxSize;
    }

    synchronized int size() {
        return (int) limit;
    }
}
