package io.github.userimporter.imports;

/** Hears what became of each input file; a run decides its exit code from it. */
public interface ImportListener {

    /** The file was imported (or dry-run): its results are in the outbox. */
    void imported(Summary summary);

    /** The file's bytes were imported before, so nothing was posted; the summary names the earlier import. */
    void skipped(Summary summary);

    /** The file cannot be imported at all and was set aside; no row of it was posted. */
    void rejected(String fileName, String reason);

    /** The import could not go on for a reason outside the file; the input stays in the inbox. */
    void stopped(String fileName, String reason);
}
