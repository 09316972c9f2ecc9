package io.github.userimporter.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one import came to, as the report shows it.
 *
 * @param failedByReason     failed rows by reason, most frequent first
 * @param restored           of the succeeded rows, re-hires whose access was given back
 * @param left               of the succeeded rows, leavers
 * @param skipped            of the succeeded rows, those left alone
 * @param scheduled          joins that wait for their start date, in neither the succeeded nor the failed rows
 * @param failedRows         the first failed rows, in line order
 * @param leavers            the first leavers, in line order: what was taken from whom
 * @param completedPerSecond rows that got an outcome in each second of the import (since its last start)
 * @param throttledSeconds   the seconds in which the site answered 429
 */
public record ReportInput(String file, String importId, Instant startedAt, long durationMillis, boolean dryRun,
        long rows, long succeeded, long restored, long left, long skipped, long scheduled,
        long failed, Map<String, Long> failedByReason,
        long retries, long rateLimited, List<FailedRow> failedRows, String failedFile, List<Leaver> leavers,
        List<Integer> completedPerSecond, List<Integer> throttledSeconds) {

    /** A row of the failed file. */
    public record FailedRow(String line, String emailAddress, String status, String error) {
    }

    /** A leaver's row of the succeeded file. */
    public record Leaver(String line, String emailAddress, String accountId, String detail) {
    }
}
