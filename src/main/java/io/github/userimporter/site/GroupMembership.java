package io.github.userimporter.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Outcome;
import org.apache.camel.ExchangeProperty;

import static io.github.userimporter.exchange.ExchangeProperties.CREATED;
import static io.github.userimporter.exchange.ExchangeProperties.GROUP;

/** The request that adds a created user to one of its row's groups: {@code POST /rest/api/3/group/user?groupId=}. */
public final class GroupMembership {

    /** The body, which names the user by its account ID. */
    public Member body(@ExchangeProperty(CREATED) Outcome created) {
        return new Member(created.accountId());
    }

    /** The query, which names the group by its ID: names can change, IDs cannot. */
    public String query(@ExchangeProperty(GROUP) Group group) {
        return "groupId=" + URLEncoder.encode(group.groupId(), StandardCharsets.UTF_8);
    }

    /** The body of {@code POST /rest/api/3/group/user}. */
    public record Member(String accountId) {
    }
}
