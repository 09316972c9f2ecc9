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

    /**
     * The site's ID of the group of this name (compared without case), or {@code null} when the site has no such
     * group. Called only when {@link #groupsLookedUp}.
     */
    String groupId(String name);

    /** Whether the site was asked which groups exist; a dry run asks nothing, and takes every name on trust. */
    boolean groupsLookedUp();

    /** Whether the file is a roster: the whole membership of the managed groups. */
    boolean isRoster();
}
