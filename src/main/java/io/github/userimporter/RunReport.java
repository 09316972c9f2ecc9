package io.github.userimporter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.userimporter.imports.Summary;
import io.github.userimporter.ops.ControlCharacterEscaping;

/**
 * The closing report of a {@code --once} or demo run on standard output: a short block a person reads for each file,
 * or with {@code --json} the same as JSON for a script.
 */
final class RunReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path outbox;
    private final Path inbox;

    RunReport(Path inbox, Path outbox) {
        this.inbox = inbox;
        this.outbox = outbox;
    }

    void print(List<FileResult> results, boolean json, PrintStream out) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(results));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a file result is plain data", e);
            }
            return;
        }
        if (results.isEmpty()) {
            out.println("No file to import in " + inbox + ".");
        }
        results.forEach(result -> out.print(text(result)));
    }

    /** One file's block; names and reasons come from files and sites, so control characters are escaped. */
    String text(FileResult result) {
        StringBuilder block = new StringBuilder(ControlCharacterEscaping.escape(result.file())).append(": ");
        Summary summary = result.summary();
        switch (result.result()) {
            case "imported" -> {
                double seconds = summary.durationMillis() / 1000.0;
                block.append(summary.dryRun() ? "dry run, nothing sent" : "imported").append(String.format(
                        Locale.ROOT, " in %.1f s (%.1f rows/s)%n", seconds,
                        seconds > 0 ? summary.rows() / seconds : 0));
                block.append("  ").append(summary.rows()).append(" rows: ").append(counts(summary,
                        "created or already there")).append(System.lineSeparator());
                if (summary.plan() != null) {
                    block.append("  roster plan: ").append(String.join(", ", summary.plan().entrySet().stream()
                            .map(kind -> kind.getValue() + " " + kind.getKey()).toList())).append(System.lineSeparator());
                }
                for (Map.Entry<String, Long> reason : summary.failedByReason().entrySet()) {
                    block.append(String.format(Locale.ROOT, "    %5d  %s%n", reason.getValue(),
                            ControlCharacterEscaping.escape(reason.getKey())));
                }
                block.append(String.format(Locale.ROOT, "  %d retries, %d answered 429%n", summary.retries(),
                        summary.rateLimited()));
                results(block, summary);
            }
            case "skipped" -> {
                block.append("not imported again: the same bytes were imported as ")
                        .append(summary.alreadyImportedAs()).append(System.lineSeparator());
                results(block, summary);
            }
            case "rejected" -> block.append("rejected, no row was posted: ")
                    .append(ControlCharacterEscaping.escape(result.reason())).append(System.lineSeparator())
                    .append("  moved to ").append(inbox.resolve(".error")).append(System.lineSeparator());
            case "ignored" -> block.append("not imported: ").append(ControlCharacterEscaping.escape(result.reason()))
                    .append(System.lineSeparator()).append("  it stays in ").append(inbox).append(System.lineSeparator());
            default -> block.append("stopped: ").append(ControlCharacterEscaping.escape(result.reason()))
                    .append(System.lineSeparator());
        }
        return block.toString();
    }

    /**
     * What became of an import's rows, as a person reads it: {@code 40 created, 1 access restored, 2 failed}.
     *
     * @param created how rows created say it
     */
    static String counts(Summary summary, String created) {
        List<String> counts = new ArrayList<>();
        counts.add((summary.succeeded() - summary.restored() - summary.left() - summary.skipped())
                + (summary.dryRun() ? " would be created" : " " + created));
        if (summary.restored() > 0) {
            counts.add(summary.restored() + " access restored");
        }
        if (summary.left() > 0) {
            counts.add(summary.left() + (summary.dryRun() ? " would be offboarded" : " offboarded"));
        }
        if (summary.skipped() > 0) {
            counts.add(summary.skipped() + " skipped");
        }
        if (summary.scheduled() > 0) {
            counts.add(summary.scheduled() + " scheduled");
        }
        counts.add(summary.failed() + " failed");
        return String.join(", ", counts);
    }

    private void results(StringBuilder block, Summary summary) {
        block.append("  results: ").append(outbox.resolve(summary.succeededFile())).append(System.lineSeparator())
                .append("           ").append(outbox.resolve(summary.failedFile())).append(System.lineSeparator())
                .append("           ").append(outbox.resolve(summary.importId() + ".summary.json"))
                .append(System.lineSeparator());
        if (summary.scheduledFile() != null) {
            block.append("           ").append(outbox.resolve(summary.scheduledFile())).append(System.lineSeparator());
        }
    }
}
