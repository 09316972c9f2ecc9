package io.github.userimporter.pacing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.userimporter.ops.ImporterMetrics;
import org.apache.camel.Exchange;

import static io.github.userimporter.exchange.ExchangeProperties.SITE_METHOD;
import static io.github.userimporter.exchange.ExchangeProperties.SITE_PATH;

/**
 * Paces every request to the site by its endpoint and method, as Atlassian's burst limits count them (per tenant,
 * endpoint and method): a 429 on group changes does not slow creates, nor the reverse. Each endpoint gets its own
 * {@link EndpointPacer} when first called.
 */
public final class SitePacing {

    private static final String ADMIN_PATHS = "/admin/";
    private static final Pattern ADMIN_ID = Pattern.compile("(/(?:orgs|directories|users|groups|memberships)/)[^/]+");

    private final double maxRate;
    private final int concurrency;
    private final ImporterMetrics metrics;
    private final Map<String, EndpointPacer> pacers = new ConcurrentHashMap<>();

    /**
     * @param maxRate     requests per second at most to each endpoint; 0 for no cap
     * @param concurrency requests out at once to each endpoint, always; 0 to let each find its number
     */
    public SitePacing(double maxRate, int concurrency, ImporterMetrics metrics) {
        this.maxRate = maxRate;
        this.concurrency = concurrency;
        this.metrics = metrics;
    }

    /** Waits for a place among the requests out at once to this request's endpoint, and for its turn. */
    public void acquire(Exchange exchange) throws InterruptedException {
        pacer(exchange).acquire(exchange);
    }

    /** The request of {@link #acquire} was answered, or got no answer. */
    public void release(Exchange exchange) {
        pacer(exchange).release(exchange);
    }

    /**
     * The site throttled the exchange's request: 429, or 503 with {@code Retry-After}.
     *
     * @param retryAfter the site's {@code Retry-After}, or {@code null}
     */
    public void throttled(Exchange exchange, Duration retryAfter) {
        pacer(exchange).throttled(exchange, retryAfter);
    }

    /** Requests out at once to one endpoint at the most: the fixed number, or the window's ceiling. */
    public int maxInFlight() {
        return concurrency > 0 ? concurrency : CongestionWindow.CEILING;
    }

    /**
     * The endpoint a path belongs to: Jira's paths are their endpoints, while the organization Admin API puts IDs in
     * its paths ({@code /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend}), one endpoint.
     */
    static String endpointOf(String path) {
        return path.startsWith(ADMIN_PATHS) ? ADMIN_ID.matcher(path).replaceAll("$1{}") : path;
    }

    private EndpointPacer pacer(Exchange exchange) {
        String endpoint = exchange.getProperty(SITE_METHOD, "POST", String.class) + " "
                + endpointOf(exchange.getProperty(SITE_PATH, String.class));
        return pacers.computeIfAbsent(endpoint, key -> {
            EndpointPacer pacer = new EndpointPacer(maxRate, concurrency, metrics);
            metrics.watchPacing(key, pacer::currentRate, pacer::windowSize);
            return pacer;
        });
    }
}
