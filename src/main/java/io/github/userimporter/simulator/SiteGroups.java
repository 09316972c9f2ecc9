package io.github.userimporter.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A site's groups as Jira Cloud's REST API shows them: names resolved to IDs in bulk
 * ({@code GET /rest/api/3/group/bulk?groupName=...}), and members added by group ID
 * ({@code POST /rest/api/3/group/user?groupId=...}), an existing member being refused with Atlassian's 400.
 */
final class SiteGroups {

    /** The group IDs by lower-case name; Jira compares group names without case. */
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

    record Group(String name, String groupId) {
    }

    /** The outcome of a membership change: an HTTP status and Jira's message, empty when done. */
    record Answer(int status, String error) {
    }

    void create(String name) {
        String id = UUID.nameUUIDFromBytes(("group:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        groups.putIfAbsent(name.toLowerCase(Locale.ROOT), new Group(name, id));
        members.putIfAbsent(id, ConcurrentHashMap.newKeySet());
    }

    /** The groups among these names that exist, as the bulk endpoint lists them. */
    List<Group> find(List<String> names) {
        return names.stream().map(name -> groups.get(name.toLowerCase(Locale.ROOT))).filter(group -> group != null)
                .distinct().toList();
    }

    Answer add(String groupId, String accountId) {
        Optional<Group> group = withId(groupId);
        if (group.isEmpty()) {
            return new Answer(404, "Specified group does not exist.");
        }
        if (accountId == null || accountId.isBlank()) {
            return new Answer(400, "You must specify the account ID of the user to add.");
        }
        if (!members.get(groupId).add(accountId)) {
            return new Answer(400, "Cannot add user. User is already a member of '" + group.get().name() + "'");
        }
        return new Answer(201, "");
    }

    /**
     * Removes a member, as {@code DELETE /rest/api/3/group/user} does: 200, or 404 for a group the site lacks, or
     * 400 for an account that is not a member.
     */
    Answer remove(String groupId, String accountId) {
        Optional<Group> group = withId(groupId);
        if (group.isEmpty()) {
            return new Answer(404, "Specified group does not exist.");
        }
        if (!members.get(groupId).remove(accountId)) {
            return new Answer(400, "Cannot remove user. User is not a member of '" + group.get().name() + "'");
        }
        return new Answer(200, "");
    }

    /** The groups this account is a member of, by name. */
    List<Group> of(String accountId) {
        return groups.values().stream().filter(group -> members.get(group.groupId()).contains(accountId))
                .sorted(Comparator.comparing(Group::name)).toList();
    }

    /** Takes this account out of every group, as deleting it from the site does. */
    void forget(String accountId) {
        members.values().forEach(group -> group.remove(accountId));
    }

    /** The account IDs in the group of this name. */
    Set<String> members(String name) {
        Group group = groups.get(name.toLowerCase(Locale.ROOT));
        return group == null ? Set.of() : Set.copyOf(members.get(group.groupId()));
    }

    Optional<Group> withId(String groupId) {
        return groups.values().stream().filter(group -> group.groupId().equals(groupId)).findFirst();
    }

    Optional<Group> named(String name) {
        return Optional.ofNullable(groups.get(name.toLowerCase(Locale.ROOT)));
    }
}
