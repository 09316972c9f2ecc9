package io.github.userimporter.imports;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code .summary.json} of one import: what an operator or a script checks first.
 *
 * @param file              the input file's name
 * @param importId          names the outputs and the archived input
 * @param rows              rows read
 * @param succeeded         rows whose user now exists with access
 * @param restored          of those, the rows whose account existed without access and has it back (re-hires)
 * @param left              of those, the leavers: offboarded, or with no account to take anything from
 * @param skipped           of those, the rows the export's mapping says to leave alone: nothing was sent
 * @param scheduled         rows in the scheduled file: joins that wait for their start date, imported on their day
 * @param failed            rows in the failed file
 * @param failedByReason    those rows counted by {@link io.github.userimporter.rows.Outcome#reason reason}, most
 *                          frequent first
 * @param plan              for a roster, its plan's lines of each kind ({@code join}, {@code move}, {@code remove},
 *                          {@code unchanged}, ...); absent otherwise
 * @param retries           requests sent again after a transient failure (since the last restart)
 * @param rateLimited       answers of 429 (or 503 with {@code Retry-After}) (since the last restart)
 * @param dryRun            whether nothing was sent: succeeded rows are those that would have been posted
 * @param startedAt         ISO-8601 UTC
 * @param finishedAt        ISO-8601 UTC
 * @param durationMillis    wall time of the import
 * @param succeededFile     the succeeded file's name in the outbox
 * @param failedFile        the failed file's name in the outbox
 * @param scheduledFile     the scheduled file's name in the outbox; absent when no row waits
 * @param mapping           the mapping an export was read through ({@code IMPORTER_MAPPING}); absent without one
 * @param sha256            of the input's bytes: the same bytes dropped again are not imported again
 * @param alreadyImportedAs for a file not imported because the same bytes were, the earlier import, whose results
 *                          {@code succeededFile} and {@code failedFile} name; absent otherwise
 */
public record Summary(String file, String importId, long rows, long succeeded, long restored, long left, long skipped,
        long scheduled, long failed, Map<String, Long> failedByReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> plan, long retries, long rateLimited,
        boolean dryRun, String startedAt, String finishedAt, long durationMillis, String succeededFile,
        String failedFile, @JsonInclude(JsonInclude.Include.NON_NULL) String scheduledFile,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mapping, String sha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) String alreadyImportedAs) {
}
