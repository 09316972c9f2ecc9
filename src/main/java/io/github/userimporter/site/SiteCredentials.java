package io.github.userimporter.site;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The admin account the importer asks the site as, and its API token, sent as preemptive Basic auth. The token never
 * leaves this object but in the {@code Authorization} header: not in a log line, a property or a string of it.
 */
public final class SiteCredentials {

    private final String email;
    private final String authorization;

    /**
     * @param email    the admin account the API token belongs to
     * @param apiToken its API token
     */
    public SiteCredentials(String email, String apiToken) {
        this.email = email;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiToken)
                .getBytes(StandardCharsets.UTF_8));
    }

    public String email() {
        return email;
    }

    /** The value of the {@code Authorization} header of every request to the site. */
    public String authorization() {
        return authorization;
    }

    @Override
    public String toString() {
        return "SiteCredentials[" + email + "]";
    }
}
