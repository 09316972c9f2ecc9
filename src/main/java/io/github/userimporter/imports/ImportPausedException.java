package io.github.userimporter.imports;

/**
 * An import cannot go on for now, for a reason outside the file (the importer is stopping, the outbox cannot be
 * written): its input stays in the inbox and the import is resumed later. The message says why.
 */
public final class ImportPausedException extends Exception {

    ImportPausedException(String reason) {
        super(reason);
    }
}
