package io.github.userimporter.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Outcome;
import org.apache.camel.ExchangeProperty;

import static io.github.userimporter.exchange.ExchangeProperties.CREATED;
import static io.github.userimporter.exchange.ExchangeProperties.GROUP;
import static io.github.userimporter.exchange.ExchangeProperties.LEAVER;

/**
 * The requests that change a group's members, by the group's ID (names can change, IDs cannot): Jira's {@code
 * /rest/api/3/group/user}, or, on centralized user management, the organization Admin API's memberships.
 */
public final class GroupMembership {

    private static final String JIRA = "/rest/api/3/group/user";

    private final Organization organization;

    /** @param organization the Admin API that group changes go through, or {@code null} for Jira's */
    public GroupMembership(Organization organization) {
        this.organization = organization;
    }

    /** The path that adds a member to the group. */
    public String additionPath(@ExchangeProperty(GROUP) Group group) {
        return organization == null ? JIRA : organization.membershipsPath(group.groupId());
    }

    /** The query that adds a member to the group; the Admin API names the group in its path. */
    public String additionQuery(@ExchangeProperty(GROUP) Group group) {
        return organization == null ? "groupId=" + encode(group.groupId()) : "";
    }

    /** The body, which names the created user by its account ID, for either API. */
    public Member body(@ExchangeProperty(CREATED) Outcome created) {
        return new Member(created.accountId());
    }

    /** The path that removes the leaver from the group. */
    public String removalPath(@ExchangeProperty(GROUP) Group group, @ExchangeProperty(LEAVER) Leaver leaver) {
        return organization == null ? JIRA : organization.membershipsPath(group.groupId()) + "/"
                + Organization.encode(leaver.accountId());
    }

    /** The query that removes the leaver from the group. */
    public String removalQuery(@ExchangeProperty(GROUP) Group group, @ExchangeProperty(LEAVER) Leaver leaver) {
        return organization == null ? "groupId=" + encode(group.groupId()) + "&accountId=" + encode(leaver.accountId())
                : "";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The body of an addition: {@code {"accountId": ...}}. */
    public record Member(String accountId) {
    }
}
