package io.github.userimporter.rows;

/**
 * A group a row's user is to be added to.
 *
 * @param name    as the row names it
 * @param groupId the site's ID for it, which does not change when the group is renamed; {@code null} in a dry run,
 *                which looks nothing up
 */
public record Group(String name, String groupId) {
}
