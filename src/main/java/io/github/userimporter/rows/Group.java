package io.github.userimporter.rows;

import java.util.List;

/**
 * A group a row's user is to be added to.
 *
 * @param name    as the row names it
 * @param groupId the site's ID for it, which does not change when the group is renamed; {@code null} in a dry run,
 *                which looks nothing up
 */
public record Group(String name, String groupId) {

    /** The groups' names, as a cell ({@code ;}) or a sentence ({@code , }) lists them. */
    public static String names(List<Group> groups, String separator) {
        return String.join(separator, groups.stream().map(Group::name).toList());
    }
}
