package io.github.userimporter.imports;

/** The same bytes were imported before: the file is set aside, not posted again. */
public final class FileAlreadyImportedException extends Exception {

    private final transient Summary earlier;

    FileAlreadyImportedException(Summary earlier) {
        super("the same bytes were imported as " + earlier.importId());
        this.earlier = earlier;
    }

    /** The summary of the earlier import. */
    Summary earlier() {
        return earlier;
    }
}
