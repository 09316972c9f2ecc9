package io.github.userimporter.site;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The organization Admin API v2, asked with an org API key as a bearer token: on centralized user management group
 * changes go through it, and it suspends a leaver's access. Its directory is looked up once, before the first file;
 * the key never leaves this object but in the {@code Authorization} header.
 */
public final class Organization {

    /** Where the Admin API's paths begin. */
    static final String PATHS = "/admin/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String adminApiUrl;
    private final String orgId;
    private final String authorization;
    private volatile String directoryId;

    /**
     * @param adminApiUrl {@code https://api.atlassian.com}, without a trailing slash
     * @param orgId       the organization's ID, from admin.atlassian.com/o/{orgId}/
     * @param apiKey      an org API key of an organization admin, created without scopes
     */
    public Organization(String adminApiUrl, String orgId, String apiKey) {
        this.adminApiUrl = adminApiUrl;
        this.orgId = orgId;
        this.authorization = "Bearer " + apiKey;
    }

    String adminApiUrl() {
        return adminApiUrl;
    }

    String authorization() {
        return authorization;
    }

    /** {@code GET} lists the organization's directories. */
    String directoriesPath() {
        return PATHS + "v2/orgs/" + encode(orgId) + "/directories";
    }

    boolean knowsDirectory() {
        return directoryId != null;
    }

    /**
     * Reads the directories: a centralized organization has one, which every change goes to.
     *
     * @return why the Admin API cannot be used, or {@code null} when the directory is known
     */
    String directoriesFound(int status, String body) throws IOException {
        if (status == 401 || status == 403) {
            return adminApiUrl + " answered " + status + " to the organization Admin API: check IMPORTER_ORG_API_KEY_FILE"
                    + " (org API keys expire; create one without scopes) and IMPORTER_ORG_ID";
        }
        if (status != 200) {
            return adminApiUrl + " answered " + status + " listing the directories of organization " + orgId
                    + ": check IMPORTER_ORG_ID and IMPORTER_ADMIN_API_URL";
        }
        JsonNode directories = JSON.readTree(body).path("data");
        if (directories.size() != 1) {
            return "organization " + orgId + " has " + directories.size() + " directories; the importer changes "
                    + "groups and suspends access in an organization with one (centralized user management)";
        }
        directoryId = directories.get(0).path("directoryId").asText();
        return null;
    }

    /** {@code POST} adds the account in the body to the group; {@code DELETE} with {@code /accountId} removes it. */
    String membershipsPath(String groupId) {
        return directoryPath() + "/groups/" + encode(groupId) + "/memberships";
    }

    /** {@code POST} suspends the account's access in the organization. */
    String suspensionPath(String accountId) {
        return directoryPath() + "/users/" + encode(accountId) + "/suspend";
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String directoryPath() {
        return directoriesPath() + "/" + encode(directoryId);
    }

    @Override
    public String toString() {
        return "Organization[" + orgId + "]";
    }
}
