package io.github.userimporter.site;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many requests a second the site takes, found by asking: the rate rises until the site throttles, is cut, and
 * rises again, as TCP finds a network's capacity. Every method takes the time ({@link System#nanoTime()}) so that the
 * scheme can be driven by a simulated clock.
 * <p>
 * The scheme, and why (Atlassian's burst limit is a token bucket whose rate and depth nobody tells us):
 * <ul>
 * <li><b>Slow start.</b> The first requests go out at {@value #FIRST_RATE} a second, doubling every
 * {@link #DOUBLING}, so the first throttle comes soon after the rate passes the limit, not after a burst of every row
 * in flight. The limit then lies between half that rate and the rate; the rate restarts at the higher of that half
 * and what the site accepted in the last second.</li>
 * <li><b>Cut from what we were sending.</b> A throttle (429, or 503 with {@code Retry-After}) cuts the rate to
 * {@value #CUT} of the rate the throttled request was sent at; one that comes while the rate is still climbing back
 * means the limit is lower than we thought, and cuts deeper ({@value #DEEP_CUT}). Answers to requests sent before a
 * cut took effect, or in the second after it while the site's bucket refills, say nothing new and change nothing.</li>
 * <li><b>Climb back, then probe</b> (CUBIC's curve): after a cut the rate climbs quickly, then flattens out just below
 * the rate that was throttled ({@value #PLATEAU} of it) over {@link #PROBE}, then rises ever faster to find more room.
 * When throttles keep coming at about the same rate, the limit is steady, so the flat part doubles (up to
 * {@link #MAX_PROBE}, or ten pauses) and costly probes become rare; a longer {@code Retry-After} stretches it the
 * same way.</li>
 * <li><b>A limit that fell may come back.</b> While the rate has settled below half the most the site ever accepted
 * in a second, probes stay frequent and double the rate every second back towards that most, so a limit that returns
 * is found in seconds.</li>
 * <li>The rate never goes below what the site accepted over the last two seconds (times {@value #PLATEAU}), and never
 * above {@code IMPORTER_MAX_RATE}.</li>
 * </ul>
 * {@code Retry-After} itself is a floor for every request, kept by {@link #reserve}.
 */
final class SendingRate {

    static final double FIRST_RATE = 20;
    static final Duration DOUBLING = Duration.ofMillis(500);
    static final double CUT = 0.85;
    static final double DEEP_CUT = 0.5;
    static final double PLATEAU = 0.95;
    static final Duration PROBE = Duration.ofSeconds(5);
    static final Duration MAX_PROBE = Duration.ofSeconds(20);
    /** After a cut, how long the site's bucket is given to refill before a throttle counts again. */
    static final Duration SETTLING = Duration.ofSeconds(1);

    private static final double SECOND = 1e9;
    private static final long ACCEPTED_WINDOW = 2_000_000_000L;

    private final double maxRate;
    /** When recent requests were accepted, for the floor under a cut. */
    private final Deque<Long> accepted = new ArrayDeque<>();
    private boolean started;
    private long startedAt;
    /** The rate the climb after the last cut flattens out at; NaN during slow start. */
    private double ceiling = Double.NaN;
    /** Where the climb starts, as a share of the ceiling. */
    private double base;
    private long resumedAt;
    private long settledAt;
    private long pausedUntil;
    private long nextSlot;
    private long probe = PROBE.toNanos();
    private long flat = PROBE.toNanos();
    private double lastThrottledAt;
    private long changes;
    /** When requests were accepted in the last second, and the most the site has ever accepted in one. */
    private final Deque<Long> lastSecond = new ArrayDeque<>();
    private int highest;

    /** @param maxRate requests a second at most; 0 for no cap */
    SendingRate(double maxRate) {
        this.maxRate = maxRate > 0 ? maxRate : Double.POSITIVE_INFINITY;
    }

    /** Books the next request's turn: the time it may go out, never before a {@code Retry-After} has passed. */
    synchronized long reserve(long now) {
        long start = Math.max(now, Math.max(pausedUntil, nextSlot));
        if (!started) {
            started = true;
            startedAt = start;
        }
        nextSlot = start + (long) (SECOND / rateAt(start));
        return start;
    }

    /**
     * Counts the changes that void the turns booked before them (a pause, a cut): a request whose turn was booked under
     * an older count books again, or a queue of turns booked at the old rate would go out too fast after every cut.
     */
    synchronized long changes() {
        return changes;
    }

    /** Requests a second allowed at time {@code t}. */
    synchronized double rateAt(long t) {
        double rate;
        if (Double.isNaN(ceiling)) {
            rate = FIRST_RATE * Math.pow(2, Math.max(0, t - startedAt) / (double) DOUBLING.toNanos());
        } else {
            double elapsed = Math.max(0, t - resumedAt) / (double) flat;
            if (elapsed < 1) {
                rate = ceiling * (1 - (1 - base) * Math.pow(1 - elapsed, 3));
            } else if (fallen()) {
                // Far below what the site once took: its limit fell, and may come back, so look for it quickly
                rate = Math.min(highest, ceiling * Math.pow(2, (t - resumedAt - flat) / SECOND));
            } else {
                rate = ceiling * (1 + (1 - CUT) * Math.pow(elapsed - 1, 3));
            }
        }
        return Math.min(maxRate, rate);
    }

    /** The site accepted a request. */
    synchronized void accepted(long now) {
        accepted.addLast(now);
        while (accepted.peekFirst() < now - ACCEPTED_WINDOW) {
            accepted.removeFirst();
        }
        lastSecond.addLast(now);
        while (lastSecond.peekFirst() <= now - (long) SECOND) {
            lastSecond.removeFirst();
        }
        highest = Math.max(highest, lastSecond.size());
    }

    /**
     * The site throttled a request sent at {@code sentAt}.
     *
     * @param retryAfter how long nobody may send, or {@code null} when the site did not say
     */
    synchronized void throttled(long sentAt, long now, Duration retryAfter) {
        if (retryAfter != null && now + retryAfter.toNanos() > pausedUntil) {
            pausedUntil = now + retryAfter.toNanos();
            changes++;
        }
        if (sentAt < settledAt) {
            return;
        }
        changes++;
        boolean slowStart = Double.isNaN(ceiling);
        double sending = rateAt(sentAt);
        if (slowStart) {
            long acceptedLastSecond = now - startedAt >= SECOND ? accepted.stream()
                    .filter(at -> at > now - (long) SECOND).count() : 0;
            sending = Math.max(sending / 2, acceptedLastSecond * PLATEAU);
        }
        boolean climbing = !slowStart && sentAt - resumedAt < flat;
        boolean steady = lastThrottledAt > 0 && Math.abs(sending - lastThrottledAt) < 0.15 * lastThrottledAt;
        lastThrottledAt = sending;
        double floor = acceptedRate(now) * PLATEAU;
        if (slowStart) {
            ceiling = sending;
            base = CUT;
        } else if (climbing) {
            ceiling = Math.max(floor, sending * CUT);
            base = Math.max(floor / ceiling, DEEP_CUT / CUT);
        } else {
            ceiling = Math.max(floor, sending * PLATEAU);
            base = Math.max(floor / ceiling, CUT / PLATEAU);
        }
        ceiling = Math.min(ceiling, maxRate);
        base = Math.min(base, 1);
        resumedAt = Math.max(now, pausedUntil);
        settledAt = Math.max(resumedAt, now + SETTLING.toNanos());
        // A probe that ends in a throttle costs the site's pause: the longer the pause, the rarer the probes
        long pause = resumedAt - now;
        probe = steady && !fallen() ? Math.min(probe * 2, Math.max(MAX_PROBE.toNanos(), 10 * pause))
                : PROBE.toNanos();
        flat = Math.max(probe, 3 * pause);
        nextSlot = Math.min(nextSlot, resumedAt);
    }

    /** Whether the rate settled far below the most the site ever accepted in a second. */
    private boolean fallen() {
        return ceiling < highest / 2.0;
    }

    /** What the site accepted a second since the last cut took effect, over up to two seconds; 0 if too short. */
    private double acceptedRate(long now) {
        long from = Math.max(resumedAt, now - ACCEPTED_WINDOW);
        if (now - from < SECOND / 2) {
            return 0;
        }
        return accepted.stream().filter(at -> at > from).count() / ((now - from) / SECOND);
    }
}
