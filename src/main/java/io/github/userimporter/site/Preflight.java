package io.github.userimporter.site;


import java.io.IOException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the site has accepted our credentials ({@code GET /rest/api/2/myself}), and with the organization Admin API
 * set up, whether it accepted the org API key and has one directory. No file is taken before then; a failure is said
 * once and the route asks again every {@code IMPORTER_SITE_RETRY_INTERVAL}. A dry run changes nothing, so it needs no
 * preflight.
 */
public final class Preflight {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private final String siteUrl;
    private final String email;
    private final Organization organization;
    private final Consumer<String> alerts;
    private volatile Boolean passed;
    private volatile String lastProblem;
    private volatile String accountId;

    /**
     * @param organization the Admin API to check too, or {@code null} when not set up
     * @param alerts       told once each time the site (or the Admin API) starts refusing the credentials
     */
    public Preflight(String siteUrl, String email, boolean dryRun, Organization organization,
            Consumer<String> alerts) {
        this.siteUrl = siteUrl;
        this.email = email;
        this.organization = organization;
        this.alerts = alerts;
        this.passed = dryRun ? Boolean.TRUE : null;
    }

    public boolean isNeeded() {
        return !Boolean.TRUE.equals(passed);
    }

    public void answered(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Body String body) {
        if (status == 200) {
            accountId = ownAccountId(body);
            if (organization == null || organization.knowsDirectory()) {
                passes();
            }
            return;
        }
        String refusal = OutcomeClassifier.refusal(siteUrl, status);
        failed(refusal != null ? refusal : siteUrl + " answered " + status + " to GET /rest/api/2/myself",
                status == 401 || status == 403);
    }

    /** Whether the organization's directory is still to be looked up, once the site accepted the credentials. */
    public boolean needsDirectory() {
        return organization != null && !organization.knowsDirectory() && accountId != null && isNeeded();
    }

    /** The path that lists the organization's directories. */
    public String directoriesPath() {
        return organization.directoriesPath();
    }

    public void directoriesAnswered(@Header(Exchange.HTTP_RESPONSE_CODE) int status, @Body String body)
            throws IOException {
        String problem = organization.directoriesFound(status, body);
        if (problem != null) {
            failed(problem, status == 401 || status == 403);
        } else {
            passes();
        }
    }

    /** The account ID of the admin the importer asks as, once the site said it; {@code null} before. */
    public String accountId() {
        return accountId;
    }

    /** The admin's own account ID in the answer of {@code /myself}; empty when it has none. */
    private static String ownAccountId(String body) {
        try {
            return JSON.readTree(body == null ? "" : body).path("accountId").asText("");
        } catch (IOException notJson) {
            return "";
        }
    }

    private void passes() {
        if (isNeeded()) {
            LOG.info("{} accepted the credentials of {}{}; watching the inbox", siteUrl, email, organization == null
                    ? "" : ", and the organization Admin API the org API key");
        }
        // A refusal after this is a new event, said again
        lastProblem = null;
        passed = true;
    }

    /** No answer: the site cannot be reached, or did not answer in time. */
    public void unreachable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) RuntimeException failure) {
        failed(failure instanceof SiteUnavailableException ? failure.getMessage()
                : "no answer from " + siteUrl + ": " + failure.getMessage(), false);
    }

    /** The site refused a row as it would refuse every row (a token revoked, say): ask again before the next file. */
    public void recheck() {
        passed = null;
    }

    public boolean passed() {
        return Boolean.TRUE.equals(passed);
    }

    public boolean failed() {
        return Boolean.FALSE.equals(passed);
    }

    /** Why the site was last found unusable; {@code null} before that. */
    public String problem() {
        return lastProblem;
    }

    /** @param credentialsRefused whether a person must act: the credentials were refused, not the site unreachable */
    private void failed(String problem, boolean credentialsRefused) {
        if (!problem.equals(lastProblem)) {
            LOG.error("Preflight: {}; no file is taken until the site accepts the credentials", problem);
            if (credentialsRefused) {
                alerts.accept(problem + "; no file is taken until it accepts them");
            }
        }
        lastProblem = problem;
        passed = false;
    }
}
