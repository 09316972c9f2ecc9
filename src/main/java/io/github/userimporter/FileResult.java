package io.github.userimporter;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.userimporter.imports.Summary;

/**
 * What became of one input file in a run, as the run's closing report says it.
 *
 * @param file    the input's name
 * @param result  {@code imported}, {@code skipped} (the same bytes were imported before), {@code rejected} (no row
 *                posted), {@code stopped} (it stays in the inbox) or {@code ignored} (not a file the importer reads;
 *                it stays in the inbox)
 * @param reason  why it was rejected or stopped; absent otherwise
 * @param summary the import's summary, as in the outbox; absent for a file rejected or stopped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileResult(String file, String result, String reason, Summary summary) {

    static FileResult imported(Summary summary) {
        return new FileResult(summary.file(), "imported", null, summary);
    }

    static FileResult skipped(Summary summary) {
        return new FileResult(summary.file(), "skipped", null, summary);
    }

    static FileResult rejected(String file, String reason) {
        return new FileResult(file, "rejected", reason, null);
    }

    static FileResult stopped(String file, String reason) {
        return new FileResult(file, "stopped", reason, null);
    }

    static FileResult ignored(String file, String reason) {
        return new FileResult(file, "ignored", reason, null);
    }
}
