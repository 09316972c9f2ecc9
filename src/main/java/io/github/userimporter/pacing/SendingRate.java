package io.github.userimporter.pacing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many requests a second the site takes, found by asking: the rate rises until the site throttles or warns, is
 * cut, and rises again, as TCP finds a network's capacity (additive increase, multiplicative decrease). Every method
 * takes the time ({@link System#nanoTime()}) so that the scheme can be driven by a simulated clock.
 * <p>
 * The scheme, and why (Atlassian's burst limit is a token bucket whose rate and depth nobody tells us; a throttle costs
 * every row the site's {@code Retry-After}):
 * <ul>
 * <li><b>Slow start.</b> The first requests go out at {@value #FIRST_RATE} a second, doubling every
 * {@link #DOUBLING}, so the first throttle comes soon after the rate passes the limit, not after a burst of every row
 * in flight. The limit then lies between half that rate and the rate: the rate restarts at the higher of that half
 * and what the site accepted in the last second, holds for three of the site's pauses, and then heads back up
 * towards the throttled rate.</li>
 * <li><b>Cut from what we were sending.</b> A throttle (429, or 503 with {@code Retry-After}) or a warning
 * ({@code X-RateLimit-NearLimit}) that ends a probe sets the ceiling to {@value #PLATEAU} of the rate the request was
 * sent at. One that comes while the rate is still climbing back or holding means the limit is lower than we thought:
 * {@value #CUT} of that rate (or {@value #PLATEAU} of it if the site had been taking about that many), from a deeper
 * start ({@value #DEEP_CUT}) that lets the bucket refill. Answers to requests sent before a cut took effect, or in the
 * {@link #SETTLING} after it, say nothing new and change nothing.</li>
 * <li><b>Climb back, hold, probe.</b> After a cut the rate climbs back to the ceiling along CUBIC's concave curve within
 * {@link #PROBE}, holds there, then rises by at least {@code 1 - CUT} of the ceiling every {@link #PROBE} until the
 * site throttles or warns again; faster (up to {@value #MAX_GAIN} of it) when the last throttle came well above the
 * ceiling, as after slow start. A linear probe, not CUBIC's convex one: a bucket hides how far a probe went past its
 * rate until the bucket is empty, and a faster probe goes further.</li>
 * <li><b>Probes cost the site's pause</b>, so the hold lasts at least {@value #PROBE_COST} pauses (a failed probe
 * then costs a twentieth of the time at most), and doubles up to {@link #MAX_PROBE} while probes keep ending at
 * about the same rate. A throttle answered to a request already out when the rate was cut brings another pause, and
 * stretches the hold the same way.</li>
 * <li><b>A warning is a throttle without its cost.</b> {@code X-RateLimit-NearLimit: true} says under a fifth of the
 * bucket is left: we send faster than it refills. It counts only when answers without it came in the last two seconds
 * (a bucket one or two deep is never a fifth full, so a site may say it on every answer). It ends slow start as a
 * throttle would, and spares its pause only if it is back before slow start has spent the fifth: a fifth of a
 * five-deep bucket is one request, which slow start often spends before the warning is back.</li>
 * <li><b>A limit that fell may come back.</b> While the ceiling is below half the most the site ever accepted in a
 * second, the hold is only {@link #RECOVERY_PROBE} and a probe doubles the rate every second back towards that most,
 * so a limit that returns is found in seconds.</li>
 * <li><b>A deep bucket's refill is not its rate.</b> After a pause the bucket is full, and what the site accepts until
 * it throttles again is its depth plus its rate for that time: counted as rate, a 20-deep bucket at 20 a second
 * passes for 30, and every climb back costs another pause. Two such cycles of different lengths (from the start, or
 * from the end of a pause, to the next throttle) give rate and depth, if they fit a token bucket over all the time
 * they span; when the depth is half a second's worth or more, the ceiling after a cut stays under
 * {@value #ESTIMATED_SHARE} of that rate, until the site is seen to take more.</li>
 * <li>The ceiling never goes below {@value #CUT} of what the site accepted over the last two seconds, and the rate
 * never above {@code IMPORTER_MAX_RATE}, nor above the refill the site tells if it does (Jira Data Center's
 * {@code X-RateLimit-FillRate} tokens every {@code X-RateLimit-Interval-Seconds}; Cloud documents neither).</li>
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
    static final double MAX_GAIN = 0.5;
    static final Duration MAX_PROBE = Duration.ofSeconds(60);
    static final Duration RECOVERY_PROBE = Duration.ofSeconds(2);
    static final int PROBE_COST = 20;
    /** Of a bucket's rate estimated from its cycles (not a rate it throttled), the share to send at. */
    static final double ESTIMATED_SHARE = 0.97;
    /** After a cut, how long the site's bucket is given to refill before a throttle counts again. */
    static final Duration SETTLING = Duration.ofSeconds(1);

    private static final double SECOND = 1e9;
    private static final long ACCEPTED_WINDOW = 2_000_000_000L;

    private final double maxRate;
    /** The refill the site told ({@link #refillsAt}); infinite until it does. */
    private double refill = Double.POSITIVE_INFINITY;
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
    /** How long the hold lasts while throttles come at a steady rate. */
    private long steadyHold = PROBE.toNanos();
    /** How long after {@code resumedAt} the probe starts. */
    private long hold = PROBE.toNanos();
    /** Where the last cut put the limit: the throttled rate, or after slow start what it tells of the limit. */
    private double lastLimitEstimate;
    /** The rate the last cut came at: a probe heads back towards it. */
    private double throttledRate;
    private long changes;
    /** When the site last accepted a request without saying it was near its limit. */
    private long clearAt = Long.MIN_VALUE / 2;
    /** The most the site has accepted a second over two seconds without a throttle or warning: a rate it sustains. */
    private double highest;
    private long cutAt;
    /** When the site's bucket was last known full: the start, or the end of a pause; MIN_VALUE when not known. */
    private long fullAt = Long.MIN_VALUE;
    /** Requests sent since then that the site accepted. */
    private long acceptedSinceFull;
    /** The last two cycles from a full bucket to its first throttle. */
    private final Deque<Cycle> cycles = new ArrayDeque<>();
    /** The bucket's rate, from two such cycles; NaN until there are two. */
    private double estimatedRate = Double.NaN;

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
            fullAt = start;
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

    /**
     * The site told its bucket's refill: a rate no client can keep above, and others may share, so it caps the rate
     * as {@code IMPORTER_MAX_RATE} does and the scheme finds the rest below it.
     */
    synchronized void refillsAt(double perSecond) {
        refill = perSecond;
    }

    /** Requests a second allowed at time {@code t}. */
    synchronized double rateAt(long t) {
        double rate;
        if (Double.isNaN(ceiling)) {
            rate = FIRST_RATE * Math.pow(2, Math.max(0, t - startedAt) / (double) DOUBLING.toNanos());
        } else {
            long since = Math.max(0, t - resumedAt);
            long climb = Math.min(hold, PROBE.toNanos());
            if (since < climb) {
                rate = ceiling * (1 - (1 - base) * Math.pow(1 - since / (double) climb, 3));
            } else if (since < hold) {
                rate = ceiling;
            } else if (fallen()) {
                // Far below what the site once took: its limit fell, and may come back, so look for it quickly
                rate = Math.min(highest, ceiling * Math.pow(2, (since - hold) / SECOND));
            } else {
                double gain = Math.min(MAX_GAIN, Math.max(1 - CUT, throttledRate / ceiling - 1));
                rate = ceiling * (1 + gain * (since - hold) / (double) PROBE.toNanos());
            }
        }
        return Math.min(cap(), rate);
    }

    private double cap() {
        return Math.min(maxRate, refill);
    }

    /**
     * The site accepted a request sent at {@code sentAt}.
     *
     * @param nearLimit whether the answer said {@code X-RateLimit-NearLimit: true}
     */
    synchronized void accepted(long sentAt, long now, boolean nearLimit) {
        if (fullAt != Long.MIN_VALUE && sentAt >= fullAt) {
            acceptedSinceFull++;
        }
        accepted.addLast(now);
        while (accepted.peekFirst() < now - ACCEPTED_WINDOW) {
            accepted.removeFirst();
        }
        if (now - Math.max(startedAt, cutAt) >= ACCEPTED_WINDOW) {
            double sustained = accepted.size() / (ACCEPTED_WINDOW / SECOND);
            highest = Math.max(highest, sustained);
            if (sustained > 1.15 * estimatedRate) {
                // The limit rose: the estimate is of a bucket that is no more
                estimatedRate = Double.NaN;
                cycles.clear();
            }
        }
        if (!nearLimit) {
            clearAt = now;
        } else if (now - clearAt <= ACCEPTED_WINDOW) {
            // After answers without it, the warning says the bucket is draining now
            cut(sentAt, now, true);
        }
    }

    /**
     * The site throttled a request sent at {@code sentAt}.
     *
     * @param retryAfter how long nobody may send, or {@code null} when the site did not say
     */
    synchronized void throttled(long sentAt, long now, Duration retryAfter) {
        if (fullAt != Long.MIN_VALUE && sentAt >= fullAt) {
            cycle(fullAt, sentAt, acceptedSinceFull);
            fullAt = Long.MIN_VALUE;
        }
        if (retryAfter != null && now + retryAfter.toNanos() > pausedUntil) {
            pausedUntil = now + retryAfter.toNanos();
            changes++;
            // Nobody sends until then: the bucket fills (a bucket deeper than a pause refills is not seen full)
            fullAt = pausedUntil;
            acceptedSinceFull = 0;
        }
        if (!cut(sentAt, now, false) && retryAfter != null && !Double.isNaN(ceiling) && !fallen()) {
            // The answer to a request already out when the rate was cut: the site paused us all the same
            hold = Math.max(hold, pausedUntil - resumedAt + PROBE_COST * retryAfter.toNanos());
        }
    }

    /** Cuts the rate for a throttle or a warning about a request sent at {@code sentAt}; false if it says nothing new. */
    private boolean cut(long sentAt, long now, boolean warning) {
        if (sentAt < settledAt) {
            return false;
        }
        changes++;
        cutAt = now;
        boolean slowStart = Double.isNaN(ceiling);
        double sending = rateAt(sentAt);
        throttledRate = sending;
        if (slowStart) {
            long acceptedLastSecond = now - startedAt >= SECOND ? accepted.stream()
                    .filter(at -> at > now - (long) SECOND).count() : 0;
            sending = Math.max(sending / 2, acceptedLastSecond * PLATEAU);
        }
        boolean climbing = !slowStart && sentAt - resumedAt < hold;
        boolean steady = lastLimitEstimate > 0 && Math.abs(sending - lastLimitEstimate) < 0.15 * lastLimitEstimate;
        lastLimitEstimate = sending;
        double acceptedRate = acceptedRate(now);
        double floor = acceptedRate * CUT;
        if (slowStart) {
            ceiling = sending;
            base = CUT;
        } else if (climbing) {
            ceiling = Math.max(sending * CUT, Math.min(sending * PLATEAU, acceptedRate));
            base = Math.max(floor / ceiling, DEEP_CUT / CUT);
        } else {
            ceiling = Math.max(floor, sending * PLATEAU);
            base = Math.max(floor / ceiling, CUT / PLATEAU);
        }
        if (!slowStart && acceptedRate > 0) {
            // The bucket is empty now: what the site accepted lately is its rate, plus what was left in the bucket; a
            // deep bucket lets a probe run far past the rate before it says so
            ceiling = Math.min(ceiling, Math.max(acceptedRate * PLATEAU, sending * DEEP_CUT));
            base = Math.min(1, Math.max(floor / ceiling, base));
        }
        if (!Double.isNaN(estimatedRate)) {
            ceiling = Math.min(ceiling, estimatedRate * ESTIMATED_SHARE);
        }
        ceiling = Math.min(ceiling, cap());
        base = Math.min(base, 1);
        resumedAt = Math.max(now, pausedUntil);
        long pause = resumedAt - now;
        // Without a pause the bucket is still empty: a request sent at the new rate that is refused says it is too high
        settledAt = pause > 0 || warning ? Math.max(resumedAt, now + SETTLING.toNanos())
                : now + SETTLING.toNanos() / 4;
        // Only a probe that met the limit where the last one did says the limit is steady; a throttle while climbing
        // back may be the latency's jitter meeting a shallow bucket, and must not keep the rate low for long
        steadyHold = steady && !climbing && !fallen()
                ? Math.min(2 * Math.max(steadyHold, PROBE_COST * pause), MAX_PROBE.toNanos()) : PROBE.toNanos();
        if (fallen()) {
            hold = RECOVERY_PROBE.toNanos();
        } else if (slowStart) {
            hold = Math.max(SETTLING.toNanos(), 3 * pause);
        } else {
            hold = Math.max(steadyHold, PROBE_COST * pause);
        }
        nextSlot = Math.min(nextSlot, resumedAt);
        return true;
    }

    /**
     * A bucket full at the start of a cycle holds {@code depth + rate * seconds} for it until it is empty: two cycles
     * of different lengths give its rate, which no count of what the site accepted after a pause gives alone (a
     * deep bucket's refill passes for rate).
     */
    private void cycle(long start, long end, long acceptedInCycle) {
        cycles.addLast(new Cycle(start, end, acceptedInCycle));
        if (cycles.size() > 2) {
            cycles.removeFirst();
        }
        if (cycles.size() < 2) {
            return;
        }
        Cycle first = cycles.peekFirst();
        Cycle last = cycles.peekLast();
        double span = last.seconds() - first.seconds();
        if (Math.abs(span) < 0.2 * Math.max(first.seconds(), last.seconds())) {
            return;
        }
        double rate = (last.accepted() - first.accepted()) / span;
        double depth = last.accepted() - rate * last.seconds();
        // A token bucket lets through at most its depth plus its rate over any time, the pause between the two cycles
        // included; a site that limits otherwise (a counter per fixed window) fits no bucket, and its numbers are
        // not believed
        boolean bucket = first.accepted() + last.accepted() <= depth + rate * (last.end() - first.start()) / SECOND + 1;
        // Only a deep bucket's refill (half a second of its rate or more) misleads the count after a pause
        estimatedRate = bucket && rate > 0 && depth >= 0.5 * rate ? rate : Double.NaN;
    }

    /** From a full bucket ({@code start}) to its first throttle ({@code end}), and the requests it accepted. */
    private record Cycle(long start, long end, long accepted) {

        double seconds() {
            return (end - start) / SECOND;
        }
    }

    /** Whether the rate settled far below the most the site ever accepted in a second. */
    private boolean fallen() {
        return ceiling < highest / 2.0;
    }

    /** What the site accepted a second since the last cut took effect, over up to two seconds; 0 if too short. */
    private double acceptedRate(long now) {
        long from = Math.max(resumedAt, now - ACCEPTED_WINDOW);
        if (now - from < SECOND / 4) {
            return 0;
        }
        return accepted.stream().filter(at -> at > from).count() / ((now - from) / SECOND);
    }
}
