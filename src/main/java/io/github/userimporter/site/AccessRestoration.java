package io.github.userimporter.site;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Row;
import org.apache.camel.Exchange;

import static io.github.userimporter.exchange.ExchangeProperties.CREATED;
import static io.github.userimporter.exchange.ExchangeProperties.GROUPS_TO_JOIN;
import static io.github.userimporter.exchange.ExchangeProperties.ROW;

/**
 * Gives a returning employee their access back. Atlassian answers the create of an account that exists without Jira
 * access with 400 ("already exists but does not have access"): product access comes from group membership, so the
 * account is found by its address ({@link AccountLookup}) and joins the default groups of the row's products ({@code GET
 * /rest/api/3/applicationrole}) and the row's own groups.
 */
public final class AccessRestoration {

    private static final Pattern WITHOUT_ACCESS = Pattern.compile("already exists but (does not|doesn't) have access",
            Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String siteUrl;

    public AccessRestoration(String siteUrl) {
        this.siteUrl = siteUrl;
    }

    /** Whether the create was refused because the account exists without Jira access: a re-hire. */
    public boolean needed(Exchange exchange) {
        Outcome created = exchange.getMessage().getBody(Outcome.class);
        return created != null && !created.succeeded() && "400".equals(created.status())
                && WITHOUT_ACCESS.matcher(created.error()).find();
    }

    /**
     * Reads the search's answer: the one active Atlassian account with exactly the row's address, remembered as the
     * row's account; or why the row fails.
     */
    public Outcome found(Exchange exchange) throws IOException {
        Row row = exchange.getProperty(ROW, Row.class);
        JsonNode users = answer(exchange, "searching for the account");
        if (users == null) {
            return exchange.getMessage().getBody(Outcome.class);
        }
        List<String> accounts = AccountLookup.accountsOf(row.emailAddress(), users);
        if (accounts.isEmpty()) {
            return Outcome.failed(row, "not found", "the account exists without Jira access, but user search finds no "
                    + "active account with this address (its profile may hide it): grant access in "
                    + "admin.atlassian.com");
        }
        if (accounts.size() > 1) {
            return Outcome.failed(row, "ambiguous", "the account exists without Jira access, and user search finds "
                    + accounts.size() + " accounts with this address: grant access in admin.atlassian.com");
        }
        Outcome restored = Outcome.restored(row, accounts.get(0));
        exchange.setProperty(CREATED, restored);
        return restored;
    }

    /**
     * Reads the application roles: the groups to join are the default groups of the row's products, then the row's
     * own; a product without a default group cannot be given back this way, and fails the row.
     */
    public Outcome groupsToJoin(Exchange exchange) throws IOException {
        Row row = exchange.getProperty(ROW, Row.class);
        Outcome restored = exchange.getProperty(CREATED, Outcome.class);
        JsonNode roles = answer(exchange, "reading the products' default groups");
        if (roles == null) {
            return exchange.getMessage().getBody(Outcome.class);
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        for (String product : row.products()) {
            JsonNode role = null;
            for (JsonNode candidate : roles) {
                if (candidate.path("key").asText().equals(product)) {
                    role = candidate;
                }
            }
            if (role == null || role.path("defaultGroupsDetails").isEmpty()) {
                return Outcome.failed(row, "no default group", product + " has no default group on the site, so "
                        + "access to it cannot be given back by joining one: grant it in admin.atlassian.com "
                        + "(account " + restored.accountId() + ")");
            }
            for (JsonNode group : role.path("defaultGroupsDetails")) {
                String id = group.path("groupId").asText();
                groups.putIfAbsent(id.toLowerCase(Locale.ROOT), new Group(group.path("name").asText(), id));
            }
        }
        row.groups().forEach(group -> groups.putIfAbsent(group.groupId().toLowerCase(Locale.ROOT), group));
        exchange.setProperty(GROUPS_TO_JOIN, List.copyOf(groups.values()));
        return restored;
    }

    /**
     * The body of a lookup's answer; null when it failed the row (the failure is then the body). Answers worth another
     * try are raised, as those no row could get past.
     */
    private JsonNode answer(Exchange exchange, String what) throws IOException {
        int status = OutcomeClassifier.checkedStatusOfSite(exchange, siteUrl);
        String body = exchange.getMessage().getBody(String.class);
        if (status != 200) {
            exchange.getMessage().setBody(Outcome.failed(exchange.getProperty(ROW, Row.class), String.valueOf(status),
                    "the account exists without Jira access, and " + what + " failed: "
                            + OutcomeClassifier.atlassianError(body, status, exchange.getMessage().getHeader(
                                    Exchange.HTTP_RESPONSE_TEXT, String.class))));
            return null;
        }
        return JSON.readTree(body);
    }
}
