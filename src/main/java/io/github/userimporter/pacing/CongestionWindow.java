package io.github.userimporter.pacing;

import java.util.Arrays;

/**
 * How many requests may be out at once: the other half of pacing. The rate a site allows is reached only with enough
 * requests in flight to cover its latency (40 a second at 250 ms takes 10), so the window grows by itself while answers
 * come back unthrottled, and shrinks when the site throttles or starts to queue our requests, as TCP's congestion
 * window does. Like {@link SendingRate} it takes the time from its caller.
 * <ul>
 * <li>It starts at {@value #FIRST} and grows by one with each answer to a full window (slow start) until the first
 * sign of trouble, then by one per window's worth of answers.</li>
 * <li>Only answers that did the work tell how fast the site works: a throttle, a credentials refusal or a proxy's error
 * comes back at once, a cut connection after any time. The site queues our requests when the median of the last
 * {@value #RECENT} such round trips is over {@value #SLOW} times their lowest tenth over the last {@value #HISTORY};
 * then the window shrinks to {@value #SLOW_SHARE} of itself. One slow or fast answer moves neither.</li>
 * <li>A throttle shrinks it to {@value #THROTTLED_SHARE} of itself, but never below what the rate the throttle left
 * needs in flight: a burst limit is a rate, which {@link SendingRate} keeps.</li>
 * <li>At most one cut per round trip; never above {@value #CEILING}, or a fixed {@code IMPORTER_CONCURRENCY}, which
 * turns all this off.</li>
 * </ul>
 */
final class CongestionWindow {

    static final int FIRST = 4;
    /** The documented ceiling: with 250 ms answers, enough for over 100 requests a second. */
    static final int CEILING = 32;
    static final double THROTTLED_SHARE = 0.75;
    static final double SLOW = 2;
    static final double SLOW_SHARE = 0.9;
    /** Round trips whose median is the site's speed now. */
    static final int RECENT = 8;
    /** Round trips whose lowest tenth is the site's speed unloaded. */
    static final int HISTORY = 200;
    /** Requests in flight the sending rate needs, as a multiple of rate times round trip: room for the latency's tail. */
    private static final double HEADROOM = 1.5;

    /** What an answer tells of the site. */
    enum Answer {
        /** The site did the work: a success, or a refusal of the request's content. */
        WORKED,
        /** 429, or 503 with {@code Retry-After}. */
        THROTTLED,
        /** An error, a refused credential, or no answer: says nothing of how fast the site works. */
        OTHER
    }

    private final boolean fixed;
    private final int maxSize;
    private double limit;
    private boolean slowStart = true;
    private int inFlight;
    private long shrunkAt = Long.MIN_VALUE;
    /** Round trips of answers that did the work, newest at {@code next - 1}. */
    private final long[] roundTrips = new long[HISTORY];
    private int recorded;
    private int next;
    /** Of {@link #roundTrips}, how many belong to requests sent after the last cut. */
    private int sinceCut;

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
     * @param sentAt when it went out
     * @param answer what the answer tells of the site
     * @param rate   requests a second the sending rate allows now
     */
    synchronized void release(long sentAt, long now, Answer answer, double rate) {
        boolean full = inFlight >= (int) limit;
        inFlight--;
        notifyAll();
        if (fixed || answer == Answer.OTHER) {
            return;
        }
        boolean throttled = answer == Answer.THROTTLED;
        if (!throttled) {
            record(now - sentAt, sentAt >= shrunkAt);
        }
        if (throttled || queueing()) {
            // One cut per round trip: the answers of one window all tell of the same trouble
            if (sentAt >= shrunkAt) {
                double needed = Double.isInfinite(rate) ? 1 : Math.ceil(rate * typicalRoundTrip() / 1e9 * HEADROOM);
                double cut = limit * (throttled ? THROTTLED_SHARE : SLOW_SHARE);
                limit = Math.max(1, throttled ? Math.max(cut, Math.min(limit, needed)) : cut);
                shrunkAt = now;
                sinceCut = 0;
            }
            slowStart = false;
        } else if (full) {
            limit = Math.min(CEILING, limit + (slowStart ? 1 : 1 / limit));
        }
    }

    private void record(long roundTrip, boolean afterCut) {
        roundTrips[next] = roundTrip;
        next = (next + 1) % HISTORY;
        recorded = Math.min(HISTORY, recorded + 1);
        if (afterCut) {
            sinceCut++;
        }
    }

    /** Whether the last round trips, all sent since the last cut, took far longer than the site's unloaded speed. */
    private boolean queueing() {
        if (sinceCut < RECENT || recorded < 2 * RECENT) {
            return false;
        }
        long[] all = Arrays.copyOf(roundTrips, recorded);
        Arrays.sort(all);
        long unloaded = all[recorded / 10];
        return typicalRoundTrip() > SLOW * unloaded;
    }

    /** The median of the last {@value #RECENT} round trips of answers that did the work; 0 before any. */
    private long typicalRoundTrip() {
        int count = Math.min(RECENT, recorded);
        if (count == 0) {
            return 0;
        }
        long[] last = new long[count];
        for (int i = 0; i < count; i++) {
            last[i] = roundTrips[Math.floorMod(next - 1 - i, HISTORY)];
        }
        Arrays.sort(last);
        return last[count / 2];
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
