package io.github.userimporter;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The machine's clock until a test says what day it is; then that day, its time running on from 09:00 UTC. */
public final class TestClock extends Clock {

    private volatile long offsetMillis;

    /** From now on it is this day (and the time of day runs on). */
    public void setDay(LocalDate day) {
        offsetMillis = day.atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli() - System.currentTimeMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the importer reads the day in the clock's own zone");
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis);
    }
}
