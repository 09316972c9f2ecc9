package io.github.userimporter.site;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Row;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import static io.github.userimporter.exchange.ExchangeProperties.CREATED;
import static io.github.userimporter.exchange.ExchangeProperties.GROUP;
import static io.github.userimporter.exchange.ExchangeProperties.GROUP_FAILURE;
import static io.github.userimporter.exchange.ExchangeProperties.LEAVER;
import static io.github.userimporter.exchange.ExchangeProperties.ROW;
import static io.github.userimporter.exchange.ExchangeProperties.SITE_PATH;

/**
 * Reads Atlassian's answer to a create-user request into an {@link Outcome}. Answers worth another try (429, 5xx,
 * timeouts, cut connections) are raised as {@link TransientFailureException}; answers that no row of the file could
 * get past (bad credentials, missing permission, wrong site, no connection) as {@link SiteUnavailableException}.
 */
public final class OutcomeClassifier {

    /** Atlassian's header on a 429 that names the limit met, such as {@code jira-burst-based}. */
    private static final String LIMIT_REASON = "RateLimit-Reason";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_LENGTH = 500;

    private final String siteUrl;
    private final Offboarding offboarding;

    public OutcomeClassifier(String siteUrl, Offboarding offboarding) {
        this.siteUrl = siteUrl;
        this.offboarding = offboarding;
    }

    public Outcome fromResponse(Exchange exchange, @ExchangeProperty(ROW) Row row) {
        int status = checkedStatusOfSite(exchange, siteUrl);
        String body = exchange.getMessage().getBody(String.class);
        return status == 201 ? Outcome.created(row, json(body).path("accountId").asText(""))
                : Outcome.failed(row, String.valueOf(status), atlassianError(body, status, exchange.getMessage()
                        .getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class)));
    }

    /**
     * {@link #checkedStatus(Exchange, String)} of a request no row could get past with a 404 either: it means the
     * site's REST API is not where the settings say.
     */
    static int checkedStatusOfSite(Exchange exchange, String siteUrl) {
        int status = checkedStatus(exchange, siteUrl);
        if (status == 404) {
            throw new SiteUnavailableException(refusal(siteUrl, status));
        }
        return status;
    }

    /**
     * A 429 or 5xx: worth another try, after {@code Retry-After} when a 429 or 503 has one. A 429 names the limit it
     * met ({@code RateLimit-Reason}), so that a row that runs out of retries says which.
     */
    private static TransientFailureException transientFailure(int status, String error, String retryAfter,
            String limitReason) {
        boolean throttled = status == 429 || status == 503;
        String named = status == 429 && limitReason != null && !limitReason.isBlank()
                ? error + " (" + abbreviate(limitReason.strip(), 100) + ")" : error;
        return new TransientFailureException(String.valueOf(status), named,
                throttled ? retryAfter(retryAfter) : null);
    }

    /**
     * The status of an answer no step can get past otherwise: answers worth another try are raised as {@link
     * TransientFailureException}, credentials refused (401, 403) as {@link SiteUnavailableException}, naming the
     * Admin API's key for its answers. Any other status is the caller's to read, 404 included.
     */
    static int checkedStatus(Exchange exchange, String siteUrl) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 429 || status >= 500) {
            throw transientFailure(status, atlassianError(exchange), exchange.getMessage().getHeader("Retry-After",
                    String.class), exchange.getMessage().getHeader(LIMIT_REASON, String.class));
        }
        if (status == 401 || status == 403) {
            throw new SiteUnavailableException(isAdmin(exchange) ? "the organization Admin API answered " + status
                    + ": check IMPORTER_ORG_API_KEY_FILE (org API keys expire) and IMPORTER_ORG_ID"
                    : refusal(siteUrl, status));
        }
        return status;
    }

    /** {@link #checkedStatus(Exchange, String)} for this site. */
    public int checkedStatus(Exchange exchange) {
        return checkedStatus(exchange, siteUrl);
    }

    /** Whether the exchange's request went to the organization Admin API. */
    static boolean isAdmin(Exchange exchange) {
        return exchange.getProperty(SITE_PATH, "", String.class).startsWith(Organization.PATHS);
    }

    /** The error in the exchange's answer, as {@link #atlassianError(String, int, String)} reads it. */
    public static String atlassianError(Exchange exchange) {
        return atlassianError(exchange.getMessage().getBody(String.class), exchange.getMessage().getHeader(
                Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), exchange.getMessage().getHeader(
                Exchange.HTTP_RESPONSE_TEXT, String.class));
    }

    /** What to check when the site refuses every request this way; {@code null} for other answers. */
    static String refusal(String siteUrl, int status) {
        switch (status) {
            case 401:
                return siteUrl + " answered 401 Unauthorized: check ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN "
                        + "(API tokens expire)";
            case 403:
                return siteUrl + " answered 403 Forbidden: the ATLASSIAN_EMAIL account needs the Administer Jira "
                        + "global permission";
            case 404:
                return siteUrl + " answered 404 Not Found for the Jira REST API: check ATLASSIAN_SITE_URL";
            default:
                return null;
        }
    }

    /** Why no request can reach the site; {@code null} when the failure is of this one request only. */
    static String unreachable(String siteUrl, IOException failure) {
        if (failure instanceof ConnectException || failure instanceof UnknownHostException
                || failure instanceof NoRouteToHostException || failure instanceof SSLException) {
            return "cannot reach " + siteUrl + ": " + describe(failure);
        }
        return null;
    }

    /**
     * A request that got no answer: the site is unreachable, or this one request timed out or was cut off (worth
     * another try). Never returns normally.
     */
    public Outcome fromNoAnswer(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) IOException failure) {
        String unreachable = unreachable(siteUrl, failure);
        if (unreachable != null) {
            throw new SiteUnavailableException(unreachable);
        }
        if (failure instanceof SocketTimeoutException) {
            throw new TransientFailureException("timeout", "no answer from the site in time: " + describe(failure),
                    null);
        }
        throw new TransientFailureException("error", "no answer from the site: " + describe(failure), null);
    }

    /**
     * The row's last transient failure, once {@link RetryPolicy} has given up: of its creation, or of adding its user
     * to a group, which it remembers for {@link #afterGroups}.
     */
    public Outcome afterRetries(Exchange exchange) {
        Row row = exchange.getProperty(ROW, Row.class);
        TransientFailureException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                TransientFailureException.class);
        Leaver leaver = exchange.getProperty(LEAVER, Leaver.class);
        if (leaver != null) {
            return offboarding.afterRetries(leaver, failure);
        }
        Group group = exchange.getProperty(GROUP, Group.class);
        if (group == null) {
            return Outcome.failed(row, failure.status(), failure.getMessage());
        }
        Outcome notAdded = Outcome.notAddedTo(group, row, exchange.getProperty(CREATED, Outcome.class).accountId(),
                failure.status(), failure.getMessage());
        exchange.setProperty(GROUP_FAILURE, exchange.getProperty(GROUP_FAILURE, notAdded, Outcome.class));
        return notAdded;
    }

    /**
     * Reads Atlassian's answer to adding a user to a group: added (any 2xx: the Admin API's is not published), or
     * already a member (Atlassian's 400 "Cannot add user. User is already a member"), is what the row asked for.
     * Answers worth another try are raised as for a create; any other refusal of this group is remembered for {@link
     * #afterGroups}, and the next group is tried. Jira's 404 "User not found" says the organization manages users
     * centrally.
     */
    public void fromGroupAnswer(Exchange exchange) {
        int status = checkedStatus(exchange, siteUrl);
        String error = atlassianError(exchange);
        if (status == 404 && error.contains("User not found") && !isAdmin(exchange)) {
            error = Offboarding.CENTRALIZED;
        }
        boolean member = status / 100 == 2 || status == 400 && error.contains("already a member");
        if (!member && exchange.getProperty(GROUP_FAILURE) == null) {
            exchange.setProperty(GROUP_FAILURE, Outcome.notAddedTo(exchange.getProperty(GROUP, Group.class),
                    exchange.getProperty(ROW, Row.class), exchange.getProperty(CREATED, Outcome.class).accountId(),
                    String.valueOf(status), error));
        }
    }

    /** What became of a created row once every group was tried: the first group it could not join, if any. */
    public Outcome afterGroups(@ExchangeProperty(CREATED) Outcome created,
            @ExchangeProperty(GROUP_FAILURE) Outcome notAdded) {
        return notAdded != null ? notAdded : created;
    }

    /** Atlassian's {@code errorMessages} and {@code errors} values joined; the raw body if it is not JSON. */
    static String atlassianError(String body, int status, String reason) {
        JsonNode json = json(body);
        List<String> messages = new ArrayList<>();
        json.path("errorMessages").forEach(message -> messages.add(message.asText()));
        // Jira's errors map fields to messages; the Admin API's is a list of objects with a title
        json.path("errors").forEach(message -> messages.add(message.isObject() ? message.path("title").asText()
                : message.asText()));
        if (!messages.isEmpty()) {
            return String.join("; ", messages);
        }
        String text = body == null || body.isBlank() || !json.isMissingNode() ? "" : body.strip();
        if (text.isEmpty()) {
            text = "HTTP " + status + (reason == null ? "" : " " + reason);
        }
        return abbreviate(text, MAX_ERROR_LENGTH);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String abbreviate(String text, int length) {
        return text.length() > length ? text.substring(0, length) + "..." : text;
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
