package io.github.userimporter.rows;

import java.time.LocalDate;

/**
 * A joiner's first day, as an export's mapping reads it, and the first day their account may be created: an account
 * made earlier would give a future hire access before their contract starts.
 *
 * @param date     the start date
 * @param importOn the day from which the row is imported: the start date less the mapping's {@code daysAhead}
 */
public record StartDate(LocalDate date, LocalDate importOn) {

    /** Whether a row with this start date waits on this day. */
    public boolean isAhead(LocalDate today) {
        return importOn.isAfter(today);
    }
}
