package io.github.userimporter.imports;

import io.github.userimporter.report.ReportInput;

/** Hears what became of each input file: a run decides its exit code from it, and mail tells HR. */
public interface ImportListener {

    /** Tells each of these listeners, in order. */
    static ImportListener all(ImportListener... listeners) {
        return new ImportListener() {
            @Override
            public void imported(Summary summary, ReportInput report) {
                for (ImportListener listener : listeners) {
                    listener.imported(summary, report);
                }
            }

            @Override
            public void skipped(Summary summary) {
                for (ImportListener listener : listeners) {
                    listener.skipped(summary);
                }
            }

            @Override
            public void rejected(String fileName, String reason) {
                for (ImportListener listener : listeners) {
                    listener.rejected(fileName, reason);
                }
            }

            @Override
            public void stopped(String fileName, String reason) {
                for (ImportListener listener : listeners) {
                    listener.stopped(fileName, reason);
                }
            }
        };
    }

    /** The file was imported (or dry-run): its results are in the outbox, and the report shows this. */
    void imported(Summary summary, ReportInput report);

    /** The file's bytes were imported before, so nothing was posted; the summary names the earlier import. */
    void skipped(Summary summary);

    /** The file cannot be imported at all and was set aside; no row of it was posted. */
    void rejected(String fileName, String reason);

    /** The import could not go on for a reason outside the file; the input stays in the inbox. */
    void stopped(String fileName, String reason);
}
