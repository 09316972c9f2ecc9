package io.github.userimporter.site;


import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the site has accepted our credentials ({@code GET /rest/api/2/myself}). No file is taken before it has;
 * a failure is said once and the route asks again every {@code IMPORTER_SITE_RETRY_INTERVAL}. A dry run sends
 * nothing, so it needs no preflight.
 */
public final class Preflight {

    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private final String siteUrl;
    private final String email;
    private volatile Boolean passed;
    private volatile String lastProblem;

    public Preflight(String siteUrl, String email, boolean dryRun) {
        this.siteUrl = siteUrl;
        this.email = email;
        this.passed = dryRun ? Boolean.TRUE : null;
    }

    public boolean isNeeded() {
        return !Boolean.TRUE.equals(passed);
    }

    public void answered(@Header(Exchange.HTTP_RESPONSE_CODE) int status) {
        if (status == 200) {
            if (isNeeded()) {
                LOG.info("{} accepted the credentials of {}; watching the inbox", siteUrl, email);
            }
            passed = true;
            return;
        }
        String refusal = OutcomeClassifier.refusal(siteUrl, status);
        failed(refusal != null ? refusal : siteUrl + " answered " + status + " to GET /rest/api/2/myself");
    }

    /** No answer: the site cannot be reached, or did not answer in time. */
    public void unreachable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) RuntimeException failure) {
        failed(failure instanceof SiteUnavailableException ? failure.getMessage()
                : "no answer from " + siteUrl + ": " + failure.getMessage());
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

    private void failed(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.error("Preflight: {}; no file is taken until the site accepts the credentials", problem);
        }
        lastProblem = problem;
        passed = false;
    }
}
