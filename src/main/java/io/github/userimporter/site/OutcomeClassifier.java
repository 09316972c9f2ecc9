package io.github.userimporter.site;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Row;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads Atlassian's answer to a create-user request into an {@link Outcome}. Answers worth another try (429, 5xx,
 * timeouts, cut connections) are raised as {@link TransientFailureException}; answers that no row of the file could
 * get past (bad credentials, missing permission, wrong site, no connection) as {@link SiteUnavailableException}.
 */
public final class OutcomeClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_LENGTH = 500;

    private final String siteUrl;
    private final RequestPacer pacer;

    public OutcomeClassifier(String siteUrl, RequestPacer pacer) {
        this.siteUrl = siteUrl;
        this.pacer = pacer;
    }

    public Outcome fromResponse(@ExchangeProperty("row") Row row, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
            @Header(Exchange.HTTP_RESPONSE_TEXT) String reason, @Header("Retry-After") String retryAfter,
            @Body String body) {
        Duration wait = retryAfter(retryAfter);
        if (status == 429 || status >= 500) {
            throw new TransientFailureException(String.valueOf(status), atlassianError(body, status, reason),
                    status == 429 || status == 503 ? wait : null);
        }
        pacer.accepted();
        String refusal = refusal(siteUrl, status);
        if (refusal != null) {
            throw new SiteUnavailableException(refusal);
        }
        return status == 201 ? Outcome.created(row, json(body).path("accountId").asText(""))
                : Outcome.failed(row, String.valueOf(status), atlassianError(body, status, reason));
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
    public Outcome fromNoAnswer(@ExchangeProperty("row") Row row,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) IOException failure) {
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

    /** The row's last transient failure, once {@link RetryPolicy} has given up. */
    public Outcome afterRetries(@ExchangeProperty("row") Row row,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) TransientFailureException failure) {
        return Outcome.failed(row, failure.status(), failure.getMessage());
    }

    public Outcome invalid(@Body Row row) {
        return Outcome.failed(row, Outcome.INVALID, row.problem());
    }

    public Outcome wouldCreate(@Body Row row) {
        return Outcome.wouldCreate(row);
    }

    /** Atlassian's {@code errorMessages} and {@code errors} values joined; the raw body if it is not JSON. */
    static String atlassianError(String body, int status, String reason) {
        JsonNode json = json(body);
        List<String> messages = new ArrayList<>();
        json.path("errorMessages").forEach(message -> messages.add(message.asText()));
        json.path("errors").forEach(message -> messages.add(message.asText()));
        if (!messages.isEmpty()) {
            return String.join("; ", messages);
        }
        String text = body == null || body.isBlank() || !json.isMissingNode() ? "" : body.strip();
        if (text.isEmpty()) {
            text = "HTTP " + status + (reason == null ? "" : " " + reason);
        }
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "..." : text;
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
