package io.github.userimporter.site;

import org.apache.camel.ExchangeProperty;

import static io.github.userimporter.exchange.ExchangeProperties.SITE_PATH;

/**
 * Where a request to Atlassian goes and what it is signed with: Jira's REST API on the site with the admin's API
 * token, or the organization Admin API with the org API key.
 */
public final class ApiAccess {

    private final String siteUrl;
    private final SiteCredentials credentials;
    private final Organization organization;

    /** @param organization the Admin API, or {@code null} when not set up */
    public ApiAccess(String siteUrl, SiteCredentials credentials, Organization organization) {
        this.siteUrl = siteUrl;
        this.credentials = credentials;
        this.organization = organization;
    }

    /** The request's URL, without its query. */
    public String url(@ExchangeProperty(SITE_PATH) String path) {
        return (isAdmin(path) ? organization.adminApiUrl() : siteUrl) + path;
    }

    /** The value of the request's {@code Authorization} header. */
    public String authorization(@ExchangeProperty(SITE_PATH) String path) {
        return isAdmin(path) ? organization.authorization() : credentials.authorization();
    }

    private boolean isAdmin(String path) {
        return organization != null && path.startsWith(Organization.PATHS);
    }
}
