package io.github.userimporter.site;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Row;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.userimporter.exchange.ExchangeProperties.GROUP;
import static io.github.userimporter.exchange.ExchangeProperties.LEAVER;

/**
 * Takes a leaver's access away: finds the account by its address, removes it from every group it is in (which takes
 * every product reached through a group), then deletes it from Jira or suspends it in the organization as {@code
 * IMPORTER_LEAVER_ACTION} says. Never touches a protected person: the account the importer runs as, the addresses of
 * {@code IMPORTER_PROTECTED_ACCOUNTS}, members of {@code IMPORTER_PROTECTED_GROUPS}. Each change is logged as it is
 * made, so the log holds what was done even when a crash cuts a row short.
 */
public final class Offboarding {

    /** Why Jira's 404 "User not found" on a group change removed nothing, and what to set. */
    static final String CENTRALIZED = "Jira answered User not found: on centralized user management, group changes go "
            + "through the organization Admin API; set IMPORTER_ORG_ID and IMPORTER_ORG_API_KEY_FILE";

    private static final Logger LOG = LoggerFactory.getLogger(Offboarding.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String siteUrl;
    private final LeaverAction action;
    private final Set<String> protectedGroups;
    private final Set<String> protectedAccounts;
    private final String ownEmail;
    private final Supplier<String> ownAccountId;
    private final Organization organization;

    /**
     * @param protectedGroups   group names compared without case
     * @param protectedAccounts addresses compared without case
     * @param ownEmail          the address the importer asks the site as
     * @param ownAccountId      its account ID, once the preflight has read it; {@code null} before
     * @param organization      the Admin API that suspends access, or {@code null} when not set up
     */
    public Offboarding(String siteUrl, LeaverAction action, Set<String> protectedGroups, Set<String> protectedAccounts,
            String ownEmail, Supplier<String> ownAccountId, Organization organization) {
        this.organization = organization;
        this.siteUrl = siteUrl;
        this.action = action;
        this.protectedGroups = protectedGroups;
        this.protectedAccounts = protectedAccounts;
        this.ownEmail = ownEmail;
        this.ownAccountId = ownAccountId;
    }

    /** Begins a leaver's offboarding; a protected address is decided at once, before any request. */
    public Leaver leaver(@Body Row row) {
        Leaver leaver = new Leaver(row);
        String why = whyProtected(row.emailAddress(), "", List.of());
        if (why != null) {
            leaver.decide(isProtected(row, "", why));
        }
        return leaver;
    }

    /** A roster's person to remove from some managed groups, as a leaver whose account and groups are known. */
    public Leaver leaving(Row row) {
        Leaver leaver = new Leaver(row);
        leaver.found(row.change().accountId());
        leaver.memberOf(row.change().removed());
        return leaver;
    }

    /**
     * Why this person may never lose access, or {@code null}: the importer's own account, an address of {@code
     * IMPORTER_PROTECTED_ACCOUNTS}, a member of a group of {@code IMPORTER_PROTECTED_GROUPS}.
     *
     * @param emailAddress the address, or {@code null} when unknown
     * @param accountId    the account, or empty when unknown
     * @param groupNames   the groups the account is in, as far as known
     */
    public String whyProtected(String emailAddress, String accountId, Collection<String> groupNames) {
        if (emailAddress != null && emailAddress.equalsIgnoreCase(ownEmail)) {
            return "the importer's own account (ATLASSIAN_EMAIL)";
        }
        if (!accountId.isEmpty() && accountId.equals(ownAccountId.get())) {
            return "the importer's own account";
        }
        if (emailAddress != null && protectedAccounts.contains(emailAddress)) {
            return "listed in IMPORTER_PROTECTED_ACCOUNTS";
        }
        for (String name : groupNames) {
            if (protectedGroups.contains(name)) {
                return "a member of " + name + ", which IMPORTER_PROTECTED_GROUPS protects";
            }
        }
        return null;
    }

    /** The groups no member of which is ever offboarded. */
    public Set<String> protectedGroups() {
        return protectedGroups;
    }

    /** Reads the search for the leaver's account: none is nothing to take away; two are one too many. */
    public void accountFound(Exchange exchange) throws IOException {
        Leaver leaver = exchange.getProperty(LEAVER, Leaver.class);
        JsonNode users = answer(exchange, leaver);
        if (users == null) {
            return;
        }
        List<String> accounts = AccountLookup.accountsOf(leaver.row().emailAddress(), users);
        if (accounts.isEmpty()) {
            leaver.decide(Outcome.left(leaver.row(), "", "no active account on the site"));
        } else if (accounts.size() > 1) {
            leaver.decide(Outcome.notLeft(leaver.row(), "ambiguous", "", "user search finds " + accounts.size()
                    + " accounts with this address; nothing was changed: offboard the right one in "
                    + "admin.atlassian.com", ""));
        } else if (whyProtected(null, accounts.get(0), List.of()) != null) {
            leaver.decide(isProtected(leaver.row(), accounts.get(0), whyProtected(null, accounts.get(0), List.of())));
        } else {
            leaver.found(accounts.get(0));
        }
    }

    /** The query of the leaver's groups. */
    public String groupsQuery(@ExchangeProperty(LEAVER) Leaver leaver) {
        return "accountId=" + URLEncoder.encode(leaver.accountId(), StandardCharsets.UTF_8);
    }

    /** Reads the leaver's groups: the ones to leave, unless one of them protects the person. */
    public void groupsFound(Exchange exchange) throws IOException {
        Leaver leaver = exchange.getProperty(LEAVER, Leaver.class);
        JsonNode names = answer(exchange, leaver);
        if (names == null) {
            return;
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode group : names.isArray() ? names : JSON.createArrayNode().add(names)) {
            groups.add(new Group(group.path("name").asText(), group.path("groupId").asText()));
        }
        String why = whyProtected(null, "", groups.stream().map(Group::name).toList());
        if (why != null) {
            leaver.decide(isProtected(leaver.row(), leaver.accountId(), why));
            return;
        }
        leaver.memberOf(groups);
    }

    /**
     * Reads the answer to removing the leaver from a group. Done, and also when the person is no longer a member or
     * the group is gone (a change made meanwhile); Jira's 404 "User not found" removed nothing, and says why.
     */
    public void removalAnswered(Exchange exchange) {
        Leaver leaver = exchange.getProperty(LEAVER, Leaver.class);
        Group group = exchange.getProperty(GROUP, Group.class);
        int status = OutcomeClassifier.checkedStatus(exchange, siteUrl);
        String error = OutcomeClassifier.atlassianError(exchange);
        if (status / 100 == 2 || error.contains("not a member") || error.contains("does not exist")) {
            LOG.info("Leaver {} ({}): removed from group {}", leaver.row().emailAddress(), leaver.accountId(),
                    group.name());
            leaver.left(group);
        } else if (status == 404 && error.contains("User not found") && !OutcomeClassifier.isAdmin(exchange)) {
            failed(leaver, String.valueOf(status), CENTRALIZED);
        } else {
            failed(leaver, String.valueOf(status), error);
        }
    }

    /** The query that deletes the leaver from Jira's user base. */
    public String deletionQuery(@ExchangeProperty(LEAVER) Leaver leaver) {
        return groupsQuery(leaver);
    }

    /** Reads the answer to deleting the leaver: 204, or 404 when someone did it already. */
    public void deletionAnswered(Exchange exchange) {
        Leaver leaver = exchange.getProperty(LEAVER, Leaver.class);
        int status = OutcomeClassifier.checkedStatus(exchange, siteUrl);
        if (status / 100 == 2 || status == 404) {
            LOG.info("Leaver {} ({}): deleted from Jira", leaver.row().emailAddress(), leaver.accountId());
            leaver.did(status == 404 ? "already deleted" : "deleted");
        } else {
            failed(leaver, String.valueOf(status), OutcomeClassifier.atlassianError(exchange));
        }
    }

    /** The path that suspends the leaver's access in the organization. */
    public String suspensionPath(@ExchangeProperty(LEAVER) Leaver leaver) {
        return organization.suspensionPath(leaver.accountId());
    }

    /** Reads the answer to suspending the leaver's access in the organization: any 2xx is done. */
    public void suspensionAnswered(Exchange exchange) {
        Leaver leaver = exchange.getProperty(LEAVER, Leaver.class);
        int status = OutcomeClassifier.checkedStatus(exchange, siteUrl);
        if (status / 100 == 2) {
            LOG.info("Leaver {} ({}): access suspended in the organization", leaver.row().emailAddress(),
                    leaver.accountId());
            leaver.did("suspended");
        } else {
            failed(leaver, String.valueOf(status), OutcomeClassifier.atlassianError(exchange));
        }
    }

    /** What a dry run says of the leaver, once looked up: what would be done. */
    public Outcome wouldLeave(@ExchangeProperty(LEAVER) Leaver leaver) {
        return leaver.isOpen() ? Outcome.wouldLeave(leaver.row(), leaver.accountId(), leaver.wouldDo(action))
                : leaver.outcome();
    }

    /** The leaver's row: every step done, or where it stopped. */
    public Outcome outcome(@ExchangeProperty(LEAVER) Leaver leaver) {
        return leaver.outcome();
    }

    /** A step's last transient failure, once the retry policy gave up: the row fails naming the step. */
    Outcome afterRetries(Leaver leaver, TransientFailureException failure) {
        failed(leaver, failure.status(), failure.getMessage());
        return leaver.outcome();
    }

    private void failed(Leaver leaver, String status, String error) {
        leaver.decide(Outcome.notLeft(leaver.row(), status, leaver.accountId(), leaver.step(action) + " failed: "
                + error, leaver.detail()));
    }

    private static Outcome isProtected(Row row, String accountId, String why) {
        return Outcome.notLeft(row, "protected", accountId, "not offboarded: " + why, "");
    }

    /** A lookup's answer; {@code null} when it decided the row. */
    private JsonNode answer(Exchange exchange, Leaver leaver) throws IOException {
        int status = OutcomeClassifier.checkedStatus(exchange, siteUrl);
        if (status != 200) {
            failed(leaver, String.valueOf(status), OutcomeClassifier.atlassianError(exchange));
            return null;
        }
        return JSON.readTree(exchange.getMessage().getBody(String.class));
    }
}
