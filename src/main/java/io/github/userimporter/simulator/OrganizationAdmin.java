package io.github.userimporter.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The organization Admin API v2 ({@code https://api.atlassian.com/admin/v2/orgs/{orgId}/...}) as far as the importer
 * uses it: the organization's one directory (centralized user management), suspending a user's access, and group
 * memberships. Asked with the org API key as a bearer token. Atlassian publishes no status for these v2 operations;
 * the model answers suspend with 204 and membership changes with 200 and a message, as the v1 operations did, so that
 * both shapes are met.
 */
final class OrganizationAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIRECTORY = Pattern.compile("/admin/v2/orgs/([^/]+)/directories(?:/([^/]+)(/.*))?");
    private static final Pattern SUSPEND = Pattern.compile("/users/([^/]+)/suspend");
    private static final Pattern MEMBERSHIPS = Pattern.compile("/groups/([^/]+)/memberships(?:/([^/]+))?");

    private final String orgId;
    private final String apiKey;
    private final String directoryId;
    private final SiteGroups groups;
    private final BiConsumer<String, String> joined;
    private final Set<String> suspended = ConcurrentHashMap.newKeySet();

    /** @param joined told of each account added to a group, by group ID and account ID */
    OrganizationAdmin(String orgId, String apiKey, SiteGroups groups, BiConsumer<String, String> joined) {
        this.orgId = orgId;
        this.apiKey = apiKey;
        this.directoryId = UUID.nameUUIDFromBytes(("directory:" + orgId).getBytes(StandardCharsets.UTF_8))
                .toString();
        this.groups = groups;
        this.joined = joined;
    }

    boolean authorized(String authorization) {
        return ("Bearer " + apiKey).equals(authorization);
    }

    boolean isSuspended(String accountId) {
        return suspended.contains(accountId);
    }

    void handle(HttpExchange http, String body) throws IOException {
        String method = http.getRequestMethod();
        Matcher path = DIRECTORY.matcher(http.getRequestURI().getPath());
        if (!path.matches() || !path.group(1).equals(orgId)) {
            AtlassianSimulator.reply(http, 404, error(404, "ADMIN-404-1", "Organization not found"));
            return;
        }
        if (path.group(2) == null && method.equals("GET")) {
            ObjectNode page = JSON.createObjectNode();
            page.putArray("data").addObject().put("directoryId", directoryId).put("name", "Bancly");
            page.putObject("links");
            AtlassianSimulator.reply(http, 200, page.toString());
            return;
        }
        if (path.group(2) == null || !path.group(2).equals(directoryId)) {
            AtlassianSimulator.reply(http, 404, error(404, "ADMIN-404-2", "Directory not found"));
            return;
        }
        Matcher suspend = SUSPEND.matcher(path.group(3));
        Matcher memberships = MEMBERSHIPS.matcher(path.group(3));
        if (method.equals("POST") && suspend.matches()) {
            suspended.add(suspend.group(1));
            AtlassianSimulator.replyEmpty(http, 204);
        } else if (method.equals("POST") && memberships.matches() && memberships.group(2) == null) {
            JsonNode member = JSON.readTree(body.isBlank() ? "{}" : body);
            String accountId = member.path("accountId").asText("");
            SiteGroups.Answer added = groups.add(memberships.group(1), accountId);
            if (added.status() == 201 || added.error().contains("already a member")) {
                joined.accept(memberships.group(1), accountId);
                AtlassianSimulator.reply(http, 200, message("User " + accountId + " was added to the group"));
            } else {
                AtlassianSimulator.reply(http, added.status(), error(added.status(), "ADMIN-" + added.status()
                        + "-10", added.error()));
            }
        } else if (method.equals("DELETE") && memberships.matches() && memberships.group(2) != null) {
            SiteGroups.Answer removed = groups.remove(memberships.group(1), memberships.group(2));
            if (removed.status() == 200) {
                AtlassianSimulator.reply(http, 200, message("User " + memberships.group(2)
                        + " was removed from the group"));
            } else {
                AtlassianSimulator.reply(http, removed.status(), error(removed.status(), "ADMIN-" + removed.status()
                        + "-10", removed.error()));
            }
        } else {
            AtlassianSimulator.reply(http, 404, error(404, "ADMIN-404-0", "No resource at " + http.getRequestURI()
                    .getPath()));
        }
    }

    private static String message(String text) {
        return JSON.createObjectNode().put("message", text).toString();
    }

    /** The Admin API's error body: a list of errors, each with a code and a title. */
    private static String error(int status, String code, String title) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("status", String.valueOf(status)).put("code", code)
                .put("title", title);
        return body.toString();
    }
}
