package io.github.userimporter.simulator;

import java.time.Duration;

/**
 * Atlassian's burst limit as its rate-limiting guide describes it: a token bucket per endpoint and method. Each
 * request takes a token; tokens come back at {@code rate} a second up to {@code depth}, so a short burst passes and
 * then only the sustained rate counts. Rate and depth may change while requests arrive, as a site's limit does.
 */
public final class BurstLimit {

    private static final double SECOND = 1e9;

    private double rate;
    private double depth;
    private double tokens;
    private long refilledAt;

    /** @param rate tokens a second; 0 for no limit */
    public BurstLimit(double rate, double depth, long now) {
        set(rate, depth, now);
        this.tokens = depth;
    }

    public synchronized void set(double newRate, double newDepth, long now) {
        refill(now);
        rate = newRate;
        depth = Math.max(1, newDepth);
        tokens = Math.min(tokens, depth);
    }

    /** The limit changes its rate, not its depth. */
    public synchronized void changeRate(double newRate, long now) {
        set(newRate, depth, now);
    }

    public synchronized double rate() {
        return rate;
    }

    /** Takes a token if there is one. */
    public synchronized boolean take(long now) {
        if (rate <= 0) {
            return true;
        }
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** The share of the bucket left, 0 to 1. */
    public synchronized double remaining(long now) {
        if (rate <= 0) {
            return 1;
        }
        refill(now);
        return tokens / depth;
    }

    /** How long until the next token. */
    public synchronized Duration untilNextToken(long now) {
        refill(now);
        return rate <= 0 || tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) ((1 - tokens) / rate * SECOND));
    }

    private void refill(long now) {
        if (rate > 0) {
            tokens = Math.min(depth, tokens + (now - refilledAt) / SECOND * rate);
        }
        refilledAt = now;
    }
}
