package io.github.userimporter.rows;

import java.util.Set;

/**
 * What the {@link RowValidator} needs to know of the file it validates rows for: which addresses repeat, which rows
 * an earlier run already wrote, and whether to stop reading.
 */
public interface Reading {

    /** {@link RowValidator#addressHash} of every address the file holds more than once. */
    Set<Long> repeatedAddressHashes();

    /** Whether the outcome of the row starting on this line was written before (the import is resumed). */
    boolean isRecorded(long line);

    /** Whether no further row should be read. */
    boolean stopping();
}
