package io.github.userimporter.roster;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userimporter.rows.Group;

/**
 * The members of the managed groups (and of the protected ones) as the site lists them, read a page at a time
 * ({@code GET /rest/api/3/group/member}, 50 a page, until {@code isLast}), inactive users included: their
 * memberships count as anyone's.
 */
public final class Members {

    /** The most members a page holds. */
    static final int PER_PAGE = 50;

    /** A member of at least one managed group. */
    record Member(String accountId, String accountType, String emailAddress, Set<Group> groups) {
    }

    private final Map<String, Member> managed = new LinkedHashMap<>();
    private final Map<String, Set<String>> protectedBy = new LinkedHashMap<>();
    private Group group;
    private boolean managedGroup;
    private long startAt;
    private boolean more;

    /** Reads this group from its first page on. */
    void start(Group next, boolean isManaged) {
        this.group = next;
        this.managedGroup = isManaged;
        this.startAt = 0;
        this.more = true;
    }

    /** Whether the group being read has pages left. */
    public boolean isMore() {
        return more;
    }

    /** The query of the next page. */
    String query() {
        return "groupId=" + group.groupId() + "&includeInactiveUsers=true&startAt=" + startAt + "&maxResults="
                + PER_PAGE;
    }

    /** Takes in one page. */
    void read(JsonNode page) {
        JsonNode values = page.path("values");
        for (JsonNode value : values) {
            String accountId = value.path("accountId").asText();
            if (managedGroup) {
                String address = value.path("emailAddress").asText("");
                managed.computeIfAbsent(accountId, id -> new Member(id, value.path("accountType").asText(),
                        address.isBlank() ? null : address, new LinkedHashSet<>())).groups().add(group);
            } else {
                protectedBy.computeIfAbsent(accountId, id -> new LinkedHashSet<>()).add(group.name());
            }
        }
        startAt += values.size();
        // A page without values cannot advance: it is the last whatever it says
        more = !page.path("isLast").asBoolean(true) && !values.isEmpty();
    }

    /** The members of the managed groups, in the order read. */
    Iterable<Member> managed() {
        return managed.values();
    }

    int count() {
        return managed.size();
    }

    /** The protected groups this account is in. */
    Set<String> protectedGroupsOf(String accountId) {
        return protectedBy.getOrDefault(accountId, Set.of());
    }
}
