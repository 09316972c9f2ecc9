package io.github.userimporter.imports;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.userimporter.report.ReportInput;
import io.github.userimporter.report.ReportPage;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** What the report page of a finished import shows: its summary, its first failed rows, its pace over time. */
final class ImportReport {

    private ImportReport() {
    }

    /** @param failedFile the import's failed rows, as its journal holds them */
    static ReportInput of(Import done, Summary summary, Path failedFile) throws IOException {
        List<ReportInput.FailedRow> failedRows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(failedFile);
             CSVParser parser = RecordedRows.JOURNAL.parse(reader)) {
            for (CSVRecord row : parser) {
                if (failedRows.size() == ReportPage.MAX_FAILED_ROWS) {
                    break;
                }
                failedRows.add(new ReportInput.FailedRow(row.get("line"), row.get("emailAddress"), row.get("status"),
                        row.get("error")));
            }
        }
        failedRows.sort(Comparator.comparingLong(row -> Long.parseLong(row.line())));
        return new ReportInput(summary.file(), summary.importId(), done.startedAt(), summary.durationMillis(),
                summary.dryRun(), summary.rows(), summary.succeeded(), summary.failed(), summary.failedByReason(),
                summary.retries(), summary.rateLimited(), failedRows, summary.failedFile(), done.completedPerSecond(),
                done.throttledSeconds());
    }
}
