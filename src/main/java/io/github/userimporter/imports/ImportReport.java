package io.github.userimporter.imports;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import io.github.userimporter.report.ReportInput;
import io.github.userimporter.rows.Action;
import io.github.userimporter.report.ReportPage;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What the report page of a finished import shows: its summary, its leavers and first failed rows, its pace over time.
 */
final class ImportReport {

    private ImportReport() {
    }

    /** @param succeededFile and failedFile the import's rows, as its journal holds them */
    static ReportInput of(Import done, Summary summary, Path succeededFile, Path failedFile) throws IOException {
        List<ReportInput.FailedRow> failedRows = new ArrayList<>();
        String address = done.getInspection().addressColumn();
        read(failedFile, row -> true, row -> failedRows.add(new ReportInput.FailedRow(row.get("line"),
                row.isMapped(address) ? row.get(address) : "", row.get("status"), row.get("error"))),
                failedRows::size);
        failedRows.sort(Comparator.comparingLong(row -> Long.parseLong(row.line())));
        List<ReportInput.Leaver> leavers = new ArrayList<>();
        read(succeededFile, row -> Action.isLeave(row.get("action")), row -> leavers.add(new ReportInput.Leaver(
                row.get("line"), row.get("emailAddress"), row.get("accountId"), row.get("detail"))), leavers::size);
        leavers.sort(Comparator.comparingLong(row -> Long.parseLong(row.line())));
        return new ReportInput(summary.file(), summary.importId(), done.startedAt(), summary.durationMillis(),
                summary.dryRun(), summary.rows(), summary.succeeded(), summary.restored(), summary.left(),
                summary.skipped(), summary.scheduled(), summary.failed(), summary.failedByReason(), summary.retries(),
                summary.rateLimited(), failedRows, summary.failedFile(), leavers, done.completedPerSecond(),
                done.throttledSeconds());
    }

    /** Hands the first of a journal's records that are wanted to the page, as many as it lists. */
    private static void read(Path journal, Predicate<CSVRecord> wanted, Consumer<CSVRecord> listed, IntSupplier count)
            throws IOException {
        try (Reader reader = Files.newBufferedReader(journal);
             CSVParser parser = RecordedRows.JOURNAL.parse(reader)) {
            for (CSVRecord row : parser) {
                if (count.getAsInt() == ReportPage.MAX_LISTED_ROWS) {
                    return;
                }
                if (wanted.test(row)) {
                    listed.accept(row);
                }
            }
        }
    }
}
