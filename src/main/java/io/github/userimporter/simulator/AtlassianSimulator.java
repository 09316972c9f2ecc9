package io.github.userimporter.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Jira Cloud's create-user endpoint, close enough to Atlassian's documented behaviour that the importer
 * can be demonstrated, tested and benchmarked without a real site. It binds to loopback only.
 * <p>
 * Serves {@code POST /rest/api/2/user} (and {@code /3/}), {@code GET /rest/api/2/myself} and the group endpoints.
 * It answers in time as Atlassian's edge and servers do: a request the edge refuses (a burst limit met, credentials
 * refused, a proxy's error) is answered at once, on arrival, without the work's latency; work takes its endpoint's
 * latency, give or take a tenth, and one answer in fifty takes three to five times longer. Each endpoint and method
 * has its own latency and its own token bucket, as Atlassian limits per tenant, endpoint and method. Knobs: those
 * latencies and limits, {@code Retry-After}, a licensed-user limit, users that exist without Jira access, and failures
 * of several kinds.
 */
public final class AtlassianSimulator implements AutoCloseable {

    /** The product keys Jira Cloud accepts. */
    public static final Set<String> PRODUCTS = Set.of("jira-core", "jira-servicedesk", "jira-product-discovery",
            "jira-software");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final String email;
    private final String apiToken;
    private final Map<String, String> accountIds = new ConcurrentHashMap<>();
    private final Set<String> usersWithoutAccess = ConcurrentHashMap.newKeySet();
    /** Accounts whose profile hides their address: listings show them without one. */
    private final Set<String> hiddenAddresses = ConcurrentHashMap.newKeySet();
    /** Accounts that are deactivated: listed only when inactive users are asked for, and never found by search. */
    private final Set<String> inactive = ConcurrentHashMap.newKeySet();
    /** Accounts of apps (Connect, Forge, automation), by account ID: their display names. */
    private final Map<String, String> appAccounts = new ConcurrentHashMap<>();
    /** Further accounts that user search shows with an address another account has: account ID to address. */
    private final Map<String, String> secondAccounts = new ConcurrentHashMap<>();
    /** Each product's default groups, by application role key. */
    private final Map<String, List<String>> applicationRoles = new ConcurrentHashMap<>();
    private final Map<String, Integer> failingEndpoints = new ConcurrentHashMap<>();
    private final SiteGroups groups = new SiteGroups();
    private final Map<String, Integer> requestsTo = new ConcurrentHashMap<>();
    private final Map<String, Integer> stalledFrom = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean centralized;
    /** The address of the account the API token belongs to, when not the one it is sent with. */
    private volatile String myself;
    private volatile OrganizationAdmin organization;
    private final AtomicInteger groupAdds = new AtomicInteger();
    private volatile int failGroupAddsFrom;
    private volatile boolean refuseGroupAdds;
    private final List<ReceivedRequest> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger createRequests = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final List<Throttle> throttles = new CopyOnWriteArrayList<>();
    private final List<Interaction> interactions = new CopyOnWriteArrayList<>();
    private final AtomicInteger nearLimitAnswers = new AtomicInteger();
    private final AtomicInteger concurrentCreates = new AtomicInteger();
    private final AtomicInteger mostConcurrentCreates = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private volatile boolean jitter = true;
    private final BurstLimit burstLimit = new BurstLimit(0, 1, System.nanoTime());
    private final Map<String, BurstLimit> burstLimits = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> createsInFlightPerSecond = new ConcurrentHashMap<>();
    private volatile long firstRateLimitedAt;
    private volatile int edgeErrorEvery;
    private final AtomicInteger edgeRequests = new AtomicInteger();
    private volatile Duration retryAfter = Duration.ofSeconds(1);
    private volatile boolean nearLimitHeader = true;
    private volatile boolean refillHeaders;
    private final List<RateChange> rateChanges = new CopyOnWriteArrayList<>();
    private final Map<Long, AtomicInteger> acceptedPerSecond = new ConcurrentHashMap<>();
    private volatile long firstCreateAt;
    private volatile int licensedUserLimit;
    private volatile boolean recording = true;
    private volatile int failEvery;
    private volatile int dropEvery;
    private volatile int revokeAfter;
    private HttpServer server;
    private ExecutorService executor;

    /** Atlassian adds {@code X-RateLimit-NearLimit: true} to an answer when less than this share is left. */
    private static final double NEAR_LIMIT = 0.2;
    /** The endpoint and method of creating a user; {@code /rest/api/2/} and {@code /3/} share it. */
    public static final String CREATE_USER = "POST /rest/api/3/user";
    /** Adding a member to a group. */
    public static final String ADD_TO_GROUP = "POST /rest/api/3/group/user";
    /** Looking up groups by name. */
    public static final String FIND_GROUPS = "GET /rest/api/3/group/bulk";
    /** Searching users by a prefix of their address or name; Atlassian limits it for the whole tenant. */
    public static final String FIND_USERS = "GET /rest/api/3/user/search";
    /** Listing the application roles, with the groups that give each product. */
    public static final String APPLICATION_ROLES = "GET /rest/api/3/applicationrole";
    /** A leaver's groups. */
    public static final String USER_GROUPS = "GET /rest/api/3/user/groups";
    /** Group-member removals. */
    public static final String REMOVE_FROM_GROUP = "DELETE /rest/api/3/group/user";
    /** Deleting a user from Jira's user base. */
    public static final String DELETE_USER = "DELETE /rest/api/3/user";
    /** A group's members, a page at a time. */
    public static final String GROUP_MEMBERS = "GET /rest/api/3/group/member";
    /** The most members a page of {@link #GROUP_MEMBERS} holds. */
    private static final int MEMBERS_PER_PAGE = 50;
    /** User search returns the first this many users, then pages through them. */
    private static final int SEARCH_LIMIT = 1000;
    /** Lookups and changes other than a create take this share of its latency unless set. */
    private static final int FASTER_THAN_CREATE = 5;
    /** The exchange attributes that keep the answer for {@link #interactions}. */
    /**
     * The status and body of the answer the handler's thread gave, for {@link #interactions()}. Not exchange
     * attributes: the JDK's server keeps those in the context, shared by every exchange at once.
     */
    private static final ThreadLocal<Integer> STATUS = new ThreadLocal<>();
    private static final ThreadLocal<String> ANSWER = new ThreadLocal<>();
    /** One answer in this many is in the latency's long tail. */
    private static final int TAIL_EVERY = 50;

    /** A change of the burst limit's rate, this long after the first create-user request. */
    private record RateChange(Duration after, double rate) {
    }

    /**
     * A request as the simulator received it, for tests to assert on.
     *
     * @param at when it arrived, in {@link System#nanoTime()}
     */
    public record ReceivedRequest(String method, String path, String authorization, String contentType, String body,
            long at) {
    }

    /**
     * A request and the answer it got, for a contract test to hold against Atlassian's OpenAPI description.
     *
     * @param status the answer's status; 0 when the connection was cut without one
     */
    public record Interaction(String method, String path, String query, Map<String, String> requestHeaders,
            String requestBody, int status, String responseContentType, String responseBody) {
    }

    /** A request answered 429: its endpoint and method, and when, in {@link System#nanoTime()}. */
    public record Throttle(String endpoint, long at) {
    }

    public AtlassianSimulator(String email, String apiToken) {
        this.email = email;
        this.apiToken = apiToken;
        for (String product : PRODUCTS) {
            applicationRole(product, product + "-users");
        }
    }

    /**
     * Creates take this long, like a real site's processing time; other endpoints a fifth of it unless
     * {@link #latency(String, Duration)} says otherwise.
     */
    public AtlassianSimulator latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Work at this endpoint and method ({@code "POST /rest/api/3/group/user"}) takes this long. */
    public AtlassianSimulator latency(String endpoint, Duration latency) {
        latencies.put(endpoint, latency);
        return this;
    }

    /**
     * Whether latencies vary as a real site's do: each give or take a tenth, one in fifty three to five times longer.
     * On by default; off gives every answer its latency exactly.
     */
    public AtlassianSimulator jitter(boolean jitter) {
        this.jitter = jitter;
        return this;
    }

    /**
     * Limits create-user requests as Atlassian's burst limit does: a token bucket that refills at {@code rate} a
     * second up to {@code depth} tokens; a request that finds it empty is answered 429. May be called while requests
     * arrive, as a site's limit can change; a rate of 0 lifts the limit.
     */
    public AtlassianSimulator burstLimit(double rate, int depth) {
        burstLimit.set(rate, depth, System.nanoTime());
        return this;
    }

    /** A burst limit of its own for another endpoint and method, such as {@link #ADD_TO_GROUP}. */
    public AtlassianSimulator burstLimit(String endpoint, double rate, int depth) {
        burstLimits.computeIfAbsent(endpoint, any -> new BurstLimit(0, 1, System.nanoTime()))
                .set(rate, depth, System.nanoTime());
        return this;
    }

    /** Answers every {@code n}th request with a proxy's 503 at once, before it reaches Jira; 0 never. */
    public AtlassianSimulator edgeErrorEvery(int n) {
        this.edgeErrorEvery = n;
        return this;
    }

    /** The limit becomes {@code rate} (depth unchanged) this long after the first create-user request. */
    public AtlassianSimulator rateChange(Duration after, double rate) {
        rateChanges.add(new RateChange(after, rate));
        return this;
    }

    /** What a 429 says in {@code Retry-After}; {@code null} sends none, as some of Atlassian's 429s do. */
    public AtlassianSimulator retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    /** Whether a successful answer says {@code X-RateLimit-NearLimit: true} when under a fifth of the bucket is left. */
    public AtlassianSimulator nearLimitHeader(boolean nearLimitHeader) {
        this.nearLimitHeader = nearLimitHeader;
        return this;
    }

    /**
     * Whether every answer of a limited endpoint tells its bucket's refill, as Jira Data Center's limiter does
     * ({@code X-RateLimit-FillRate} tokens every {@code X-RateLimit-Interval-Seconds}); Cloud documents neither.
     */
    public AtlassianSimulator refillHeaders(boolean refillHeaders) {
        this.refillHeaders = refillHeaders;
        return this;
    }

    /** Refuses new users with 400 once this many have been created; 0 for no limit. */
    public AtlassianSimulator licensedUserLimit(int licensedUserLimit) {
        this.licensedUserLimit = licensedUserLimit;
        return this;
    }

    /**
     * Makes this address an existing account without Jira access, as a former employee's is: creating it is answered
     * with Atlassian's 400, and joining a group that gives a product (an application role's group) gives access back.
     */
    public AtlassianSimulator userWithoutAccess(String emailAddress) {
        String key = emailAddress.toLowerCase(Locale.ROOT);
        accountIds.putIfAbsent(key, accountId(key));
        usersWithoutAccess.add(key);
        return this;
    }

    /**
     * Sets the groups an application role (a product, such as {@code jira-software}) gives access through by default;
     * none makes a product whose access an admin must grant by hand. Each role has one default group unless told.
     */
    public AtlassianSimulator applicationRole(String key, String... defaultGroups) {
        applicationRoles.put(key, List.of(defaultGroups));
        for (String group : defaultGroups) {
            groups.create(group);
        }
        return this;
    }

    /**
     * Gives this address a second account, as a site that merged directories can have: user search shows both, and
     * nothing else knows of the second.
     */
    public AtlassianSimulator secondAccount(String emailAddress) {
        String key = emailAddress.toLowerCase(Locale.ROOT);
        secondAccounts.put(accountId("second:" + key), key);
        return this;
    }

    /** Whether this address has an account with Jira access. */
    public boolean hasAccess(String emailAddress) {
        String key = emailAddress.toLowerCase(Locale.ROOT);
        return accountIds.containsKey(key) && !usersWithoutAccess.contains(key);
    }

    /** Makes a group the site has, which rows may name. */
    public AtlassianSimulator group(String name) {
        groups.create(name);
        return this;
    }

    /** Makes this address an existing user with Jira access, already a member of these groups. */
    public AtlassianSimulator existingUser(String emailAddress, String... memberOf) {
        String key = emailAddress.toLowerCase(Locale.ROOT);
        accountIds.putIfAbsent(key, accountId(key));
        for (String group : memberOf) {
            groups.create(group);
            groups.add(groups.named(group).orElseThrow().groupId(), accountIds.get(key));
        }
        return this;
    }

    /** Hides this existing account's address from listings, as its owner's profile visibility can. */
    public AtlassianSimulator hiddenAddress(String emailAddress) {
        hiddenAddresses.add(accountIds.get(emailAddress.toLowerCase(Locale.ROOT)));
        return this;
    }

    /** Deactivates this existing account: it keeps its groups, and search no longer finds it. */
    public AtlassianSimulator deactivated(String emailAddress) {
        inactive.add(accountIds.get(emailAddress.toLowerCase(Locale.ROOT)));
        return this;
    }

    /** Makes an app's account (accountType {@code app}), member of these groups, as automation and Connect apps are. */
    public AtlassianSimulator appAccount(String displayName, String... memberOf) {
        String accountId = accountId("app:" + displayName);
        appAccounts.put(accountId, displayName);
        for (String group : memberOf) {
            groups.create(group);
            groups.add(groups.named(group).orElseThrow().groupId(), accountId);
        }
        return this;
    }

    /** Answers group-member additions with 500 from the {@code n}th on, as a site under strain does; 0 never. */
    public AtlassianSimulator failGroupAddsFrom(int n) {
        this.failGroupAddsFrom = n;
        return this;
    }

    /** Refuses group-member additions with 401, as a token that expires between two requests would; false: not. */
    public AtlassianSimulator refuseGroupAdds(boolean refuse) {
        this.refuseGroupAdds = refuse;
        return this;
    }

    /** The account IDs in the group of this name. */
    public Set<String> members(String groupName) {
        return groups.members(groupName);
    }

    /** Group-member additions received, answered or not. */
    public int groupAdds() {
        return groupAdds.get();
    }

    /**
     * Holds every request to this endpoint and method from its {@code n}th on without an answer until the simulator
     * closes, as a site that hangs does; a client sees its response timeout.
     */
    public AtlassianSimulator stallFrom(String endpoint, int n) {
        stalledFrom.put(endpoint, n);
        return this;
    }

    /**
     * Models an organization on centralized user management: Jira's group changes answer 404 "User not found" for
     * accounts the organization's directory lists, as Atlassian's knowledge base describes, and group changes go
     * through the organization Admin API ({@link #organization}).
     */
    public AtlassianSimulator centralizedUserManagement(boolean centralized) {
        this.centralized = centralized;
        return this;
    }

    /**
     * Makes the account the API token belongs to the one with this address, as when an admin logs in with one address
     * and Jira shows another: {@code /myself} answers with that account.
     */
    public AtlassianSimulator myselfAs(String emailAddress) {
        this.myself = emailAddress;
        return this;
    }

    /** Serves the organization Admin API v2 under {@code /admin/} for this organization and org API key. */
    public AtlassianSimulator organization(String orgId, String apiKey) {
        this.organization = new OrganizationAdmin(orgId, apiKey, groups, this::accountJoined);
        return this;
    }

    /** Whether the organization has suspended this address's access. */
    public boolean isSuspended(String emailAddress) {
        String accountId = accountIds.get(emailAddress.toLowerCase(Locale.ROOT));
        return organization != null && accountId != null && organization.isSuspended(accountId);
    }

    /** The names of the groups this address's account is in, by name. */
    public List<String> groupsOf(String emailAddress) {
        String accountId = accountIds.get(emailAddress.toLowerCase(Locale.ROOT));
        return accountId == null ? List.of() : groups.of(accountId).stream().map(SiteGroups.Group::name).toList();
    }

    /** Answers every request to this endpoint and method with this status after its latency; 0 answers it again. */
    public AtlassianSimulator failEndpoint(String endpoint, int status) {
        if (status == 0) {
            failingEndpoints.remove(endpoint);
        } else {
            failingEndpoints.put(endpoint, status);
        }
        return this;
    }

    /** Answers every {@code n}th create-user request with 500, as a site under strain does; 0 never. */
    public AtlassianSimulator failEvery(int n) {
        this.failEvery = n;
        return this;
    }

    /** Cuts the connection of every {@code n}th create-user request without an answer; 0 never. */
    public AtlassianSimulator dropEvery(int n) {
        this.dropEvery = n;
        return this;
    }

    /**
     * Refuses the token with 401 from create-user request {@code n + 1} on, and every other request once {@code n}
     * were made, as an expiring token would; 0 accepts it again.
     */
    public AtlassianSimulator revokeTokenAfter(int n) {
        this.revokeAfter = n;
        return this;
    }

    /** Keeps every request for {@link #received()}; benchmarks turn it off to keep memory flat. */
    public AtlassianSimulator recording(boolean recording) {
        this.recording = recording;
        return this;
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. Returns the site URL. */
    public String start(int port) throws IOException {
        // Without it, Nagle's algorithm meets the client's delayed ACK and every answer waits 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        executor = Executors.newFixedThreadPool(64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return siteUrl();
    }

    public String siteUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReceivedRequest> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The create-user requests among {@link #received()}. */
    public List<ReceivedRequest> createUserRequests() {
        return received().stream().filter(request -> request.path().matches("/rest/api/[23]/user")).toList();
    }

    /** Create-user requests received, including those answered 429. */
    public int createRequests() {
        return createRequests.get();
    }

    /** Requests answered 429, of every endpoint. */
    public int rateLimited() {
        return rateLimited.get();
    }

    /** Every request and its answer, in the order they were answered. */
    public List<Interaction> interactions() {
        return List.copyOf(interactions);
    }

    /** The requests answered 429, in order. */
    public List<Throttle> throttles() {
        return List.copyOf(throttles);
    }

    /** Create-user answers that said {@code X-RateLimit-NearLimit: true}. */
    public int nearLimitAnswers() {
        return nearLimitAnswers.get();
    }

    /** The most create-user requests that were being answered at the same time. */
    public int mostConcurrentCreates() {
        return mostConcurrentCreates.get();
    }

    /**
     * The most create-user requests being worked on at once in each second from the first 429 on (of any endpoint);
     * empty if none came.
     */
    public List<Integer> createsInFlightPerSecondAfterFirstThrottle() {
        long throttledAt = firstRateLimitedAt;
        if (throttledAt == 0) {
            return List.of();
        }
        long from = (throttledAt - firstCreateAt) / 1_000_000_000L;
        long last = createsInFlightPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(from);
        List<Integer> seconds = new ArrayList<>();
        for (long second = from; second <= last; second++) {
            AtomicInteger most = createsInFlightPerSecond.get(second);
            seconds.add(most == null ? 0 : most.get());
        }
        return seconds;
    }

    /** Create-user requests accepted (not answered 429) in each second since the first one, for benchmarks. */
    public List<Integer> acceptedPerSecond() {
        long last = acceptedPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        List<Integer> seconds = new ArrayList<>();
        for (long second = 0; second <= last; second++) {
            AtomicInteger count = acceptedPerSecond.get(second);
            seconds.add(count == null ? 0 : count.get());
        }
        return seconds;
    }

    /** Users the site holds, by lower-case e-mail address. */
    public Map<String, String> users() {
        return Map.copyOf(accountIds);
    }

    @Override
    public void close() {
        closed.countDown();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange http) throws IOException {
        String body = "";
        // An exchange cut off without an answer records none, not the last one this thread gave
        STATUS.remove();
        ANSWER.remove();
        try (http) {
            body = readBody(http.getRequestBody());
            String path = http.getRequestURI().getPath();
            String authorization = http.getRequestHeaders().getFirst("Authorization");
            if (recording) {
                received.add(new ReceivedRequest(http.getRequestMethod(), path, authorization,
                        http.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
            }
            String endpoint = http.getRequestMethod() + " " + path.replaceFirst("^/rest/api/2/", "/rest/api/3/");
            int toEndpoint = requestsTo.merge(endpoint, 1, Integer::sum);
            if (stalledFrom.containsKey(endpoint) && toEndpoint >= stalledFrom.get(endpoint)) {
                closed.await();
                return;
            }
            boolean createUser = endpoint.equals(CREATE_USER);
            int number = createUser ? createRequests.incrementAndGet() : 0;
            if (createUser) {
                startClock();
            }
            if (refusedAtTheEdge(http, endpoint, authorization, number)) {
                return;
            }
            if (createUser) {
                int inFlight = concurrentCreates.incrementAndGet();
                mostConcurrentCreates.accumulateAndGet(inFlight, Math::max);
                createsInFlightPerSecond.computeIfAbsent(secondOf(System.nanoTime()), second -> new AtomicInteger())
                        .accumulateAndGet(inFlight, Math::max);
            }
            try {
                sleep(latencyOf(endpoint));
            } finally {
                if (createUser) {
                    concurrentCreates.decrementAndGet();
                }
            }
            if (createUser && dropEvery > 0 && number % dropEvery == 0) {
                return; // closing the exchange unanswered cuts the connection
            }
            if (createUser && failEvery > 0 && number % failEvery == 0) {
                reply(http, 500, errors("Internal server error"));
            } else if (failingEndpoints.containsKey(endpoint)) {
                reply(http, failingEndpoints.get(endpoint), errors("Internal server error"));
            } else if (createUser) {
                createUser(http, body);
            } else if (endpoint.equals(FIND_GROUPS)) {
                findGroups(http);
            } else if (endpoint.equals(FIND_USERS)) {
                findUsers(http);
            } else if (endpoint.equals(APPLICATION_ROLES)) {
                reply(http, 200, applicationRoles().toString());
            } else if (endpoint.equals(ADD_TO_GROUP)) {
                addMember(http, body);
            } else if (endpoint.equals(REMOVE_FROM_GROUP)) {
                removeMember(http);
            } else if (endpoint.equals(GROUP_MEMBERS)) {
                groupMembers(http);
            } else if (endpoint.equals(USER_GROUPS)) {
                userGroups(http);
            } else if (endpoint.equals(DELETE_USER)) {
                deleteUser(http);
            } else if (path.startsWith("/admin/") && organization != null) {
                organization.handle(http, body);
            } else if (endpoint.equals("GET /rest/api/3/myself")) {
                String address = myself == null ? email : myself;
                ObjectNode me = JSON.createObjectNode().put("accountId", accountId(address.toLowerCase(Locale.ROOT)))
                        .put("emailAddress", address).put("displayName", "Site administrator").put("active", true);
                reply(http, 200, me.toString());
            } else {
                reply(http, 404, errors("No resource at " + path));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (recording) {
                Integer status = STATUS.get();
                interactions.add(new Interaction(http.getRequestMethod(), http.getRequestURI().getPath(),
                        http.getRequestURI().getRawQuery(), Map.of("Authorization", String.valueOf(http
                        .getRequestHeaders().getFirst("Authorization")), "Content-Type", String.valueOf(http
                        .getRequestHeaders().getFirst("Content-Type"))), body, status == null ? 0 : (int) status,
                        http.getResponseHeaders().getFirst("Content-Type"), ANSWER.get()));
            }
        }
    }

    /**
     * What Atlassian's edge answers on arrival, at once: a proxy's error, credentials refused, a burst limit met. A
     * request it lets through takes a token, and its answer says whether the bucket is nearly empty.
     */
    private boolean refusedAtTheEdge(HttpExchange http, String endpoint, String authorization, int number)
            throws IOException {
        if (edgeErrorEvery > 0 && edgeRequests.incrementAndGet() % edgeErrorEvery == 0) {
            reply(http, 503, errors("Service Unavailable"));
            return true;
        }
        boolean admin = endpoint.substring(endpoint.indexOf(' ') + 1).startsWith("/admin/");
        if (admin ? organization == null || !organization.authorized(authorization)
                : !authorized(authorization) || revoked(number)) {
            reply(http, 401, errors("Client must be authenticated to access this resource."));
            return true;
        }
        long now = System.nanoTime();
        BurstLimit bucket = endpoint.equals(CREATE_USER) ? createLimit(now) : burstLimits.get(endpoint);
        if (bucket == null) {
            return false;
        }
        if (refillHeaders && bucket.rate() > 0) {
            http.getResponseHeaders().add("X-RateLimit-FillRate", String.valueOf(Math.round(bucket.rate())));
            http.getResponseHeaders().add("X-RateLimit-Interval-Seconds", "1");
        }
        if (!bucket.take(now)) {
            rateLimited.incrementAndGet();
            if (recording) {
                throttles.add(new Throttle(endpoint, now));
            }
            if (firstRateLimitedAt == 0) {
                firstRateLimitedAt = now;
            }
            if (retryAfter != null) {
                http.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter.toSeconds()));
            }
            http.getResponseHeaders().add("X-RateLimit-Limit", String.valueOf(Math.round(bucket.rate())));
            http.getResponseHeaders().add("X-RateLimit-Remaining", "0");
            http.getResponseHeaders().add("X-RateLimit-Reset", Instant.now().plus(bucket.untilNextToken(now)).toString());
            http.getResponseHeaders().add("RateLimit-Reason", "jira-burst-based");
            reply(http, 429, errors("Rate limit exceeded."));
            return true;
        }
        if (endpoint.equals(CREATE_USER) && bucket.rate() > 0) {
            acceptedPerSecond.computeIfAbsent(secondOf(now), second -> new AtomicInteger()).incrementAndGet();
        }
        if (nearLimitHeader && bucket.remaining(now) < NEAR_LIMIT) {
            nearLimitAnswers.incrementAndGet();
            http.getResponseHeaders().add("X-RateLimit-NearLimit", "true");
        }
        return false;
    }

    private void createUser(HttpExchange http, String body) throws IOException {
        JsonNode details;
        try {
            details = JSON.readTree(body);
        } catch (IOException e) {
            reply(http, 400, errors("Unexpected character in the request body."));
            return;
        }
        String emailAddress = details.path("emailAddress").asText("");
        JsonNode products = details.get("products");
        if (!EMAIL.matcher(emailAddress).matches()) {
            reply(http, 400, fieldError("emailAddress", "The email address is invalid."));
            return;
        }
        if (products == null || !products.isArray()) {
            reply(http, 400, errors("You must specify the products that user can access."));
            return;
        }
        for (JsonNode product : products) {
            if (!PRODUCTS.contains(product.asText())) {
                reply(http, 400, fieldError("products", "Unknown product: " + product.asText()));
                return;
            }
        }
        String key = emailAddress.toLowerCase(Locale.ROOT);
        if (usersWithoutAccess.contains(key)) {
            reply(http, 400, errors("The user with email " + emailAddress
                    + " already exists but does not have access to Jira. Grant access in admin.atlassian.com."));
            return;
        }
        synchronized (accountIds) {
            // Accounts without Jira access hold no Jira licence
            if (!accountIds.containsKey(key) && licensedUserLimit > 0
                    && accountIds.size() - usersWithoutAccess.size() >= licensedUserLimit) {
                reply(http, 400, errors("You have reached the maximum number of users your license allows."));
                return;
            }
            accountIds.putIfAbsent(key, accountId(key));
        }
        String accountId = accountIds.get(key);
        ObjectNode user = JSON.createObjectNode()
                .put("self", siteUrl() + "/rest/api/2/user?accountId=" + accountId)
                .put("accountId", accountId).put("accountType", "atlassian").put("emailAddress", emailAddress)
                .put("displayName", emailAddress.substring(0, emailAddress.indexOf('@'))).put("active", true)
                .put("timeZone", "UTC").put("locale", "en_US");
        reply(http, 201, user.toString());
    }

    private void findGroups(HttpExchange http) throws IOException {
        List<String> names = query(http, "groupName");
        ObjectNode page = JSON.createObjectNode().put("startAt", 0).put("maxResults", 50);
        List<SiteGroups.Group> found = groups.find(names);
        page.put("total", found.size()).put("isLast", true);
        ArrayNode values = page.putArray("values");
        found.forEach(group -> values.addObject().put("name", group.name()).put("groupId", group.groupId()));
        reply(http, 200, page.toString());
    }

    /**
     * {@code GET /rest/api/3/user/search}: active users whose address or display name starts with the query (any case),
     * the first thousand of them, paged by {@code startAt} and {@code maxResults}; a JSON array, no page wrapper.
     */
    private void findUsers(HttpExchange http) throws IOException {
        List<String> queries = query(http, "query");
        if (queries.isEmpty() || queries.get(0).isBlank()) {
            reply(http, 400, errors("One of 'query' or 'accountId' parameters must be provided."));
            return;
        }
        String prefix = queries.get(0).toLowerCase(Locale.ROOT);
        int startAt = query(http, "startAt").stream().map(Integer::parseInt).findFirst().orElse(0);
        int maxResults = query(http, "maxResults").stream().map(Integer::parseInt).findFirst().orElse(50);
        ArrayNode users = JSON.createArrayNode();
        Stream.concat(accountIds.entrySet().stream(), secondAccounts.entrySet().stream()
                .map(second -> Map.entry(second.getValue(), second.getKey())))
                .filter(user -> !inactive.contains(user.getValue()))
                .filter(user -> user.getKey().startsWith(prefix)
                        || displayName(user.getKey()).toLowerCase(Locale.ROOT).startsWith(prefix))
                .sorted(Map.Entry.comparingByKey()).limit(SEARCH_LIMIT).skip(startAt).limit(maxResults)
                .forEach(user -> users.add(user(user.getKey(), user.getValue())));
        reply(http, 200, users.toString());
    }

    /** {@code GET /rest/api/3/applicationrole}: every product, with the groups that give access to it. */
    private ArrayNode applicationRoles() {
        ArrayNode roles = JSON.createArrayNode();
        applicationRoles.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(role -> {
            ObjectNode node = roles.addObject().put("key", role.getKey()).put("name", role.getKey())
                    .put("selectedByDefault", false).put("defined", true).put("hasUnlimitedSeats", false)
                    .put("platform", role.getKey().equals("jira-core"));
            ArrayNode names = node.putArray("defaultGroups");
            ArrayNode details = node.putArray("defaultGroupsDetails");
            for (String name : role.getValue()) {
                names.add(name);
                details.addObject().put("name", name).put("groupId", groups.named(name).orElseThrow().groupId());
            }
            node.set("groups", names.deepCopy());
            node.set("groupDetails", details.deepCopy());
        });
        return roles;
    }

    /** A user as Jira's REST API shows one. */
    private ObjectNode user(String emailAddress, String accountId) {
        return JSON.createObjectNode().put("self", siteUrl() + "/rest/api/3/user?accountId=" + accountId)
                .put("accountId", accountId).put("accountType", "atlassian").put("emailAddress", emailAddress)
                .put("displayName", displayName(emailAddress)).put("active", true).put("timeZone", "UTC")
                .put("locale", "en_US");
    }

    private static String displayName(String emailAddress) {
        return emailAddress.substring(0, emailAddress.indexOf('@'));
    }

    private void addMember(HttpExchange http, String body) throws IOException {
        int number = groupAdds.incrementAndGet();
        if (refuseGroupAdds) {
            reply(http, 401, errors("Client must be authenticated to access this resource."));
            return;
        }
        if (failGroupAddsFrom > 0 && number >= failGroupAddsFrom) {
            reply(http, 500, errors("Internal server error"));
            return;
        }
        List<String> groupId = query(http, "groupId");
        String accountId;
        try {
            accountId = JSON.readTree(body).path("accountId").asText("");
        } catch (IOException e) {
            reply(http, 400, errors("Unexpected character in the request body."));
            return;
        }
        if (centralized && accountIds.containsValue(accountId)) {
            reply(http, 404, errors("User not found"));
            return;
        }
        SiteGroups.Answer added = groups.add(groupId.isEmpty() ? "" : groupId.get(0), accountId);
        if (added.status() != 201) {
            reply(http, added.status(), errors(added.error()));
            return;
        }
        accountJoined(groupId.get(0), accountId);
        reply(http, 201, JSON.createObjectNode().put("groupId", groupId.get(0)).toString());
    }

    /** A group of a product gives the product: a former employee's account has access again. */
    private void accountJoined(String groupId, String accountId) {
        if (applicationRoles.values().stream().flatMap(List::stream).map(groups::named)
                .anyMatch(group -> group.isPresent() && group.get().groupId().equals(groupId))) {
            accountIds.forEach((address, id) -> {
                if (id.equals(accountId)) {
                    usersWithoutAccess.remove(address);
                }
            });
        }
    }

    /** {@code DELETE /rest/api/3/group/user?groupId=&accountId=}: 200 without a body. */
    private void removeMember(HttpExchange http) throws IOException {
        List<String> groupId = query(http, "groupId");
        List<String> accountId = query(http, "accountId");
        if (groupId.isEmpty() || accountId.isEmpty()) {
            reply(http, 400, errors(groupId.isEmpty() ? "groupName is missing" : "accountId is missing"));
            return;
        }
        if (!accountIds.containsValue(accountId.get(0)) || centralized) {
            reply(http, 404, errors("User not found"));
            return;
        }
        SiteGroups.Answer removed = groups.remove(groupId.get(0), accountId.get(0));
        if (removed.status() != 200) {
            reply(http, removed.status(), errors(removed.error()));
            return;
        }
        replyEmpty(http, 200);
    }

    /**
     * {@code GET /rest/api/3/group/member}: a group's members by group ID or name, ordered, {@code maxResults} (at most
     * 50) from {@code startAt}, active users only unless {@code includeInactiveUsers=true}; {@code isLast} says
     * whether more follow, and {@code nextPage} where.
     */
    private void groupMembers(HttpExchange http) throws IOException {
        List<String> groupId = query(http, "groupId");
        List<String> name = query(http, "groupname");
        Optional<SiteGroups.Group> group = !groupId.isEmpty() ? groups.withId(groupId.get(0))
                : name.isEmpty() ? Optional.empty() : groups.named(name.get(0));
        if (groupId.isEmpty() && name.isEmpty()) {
            reply(http, 400, errors("You must specify a group name or group ID."));
            return;
        }
        if (group.isEmpty()) {
            reply(http, 404, errors("Specified group does not exist."));
            return;
        }
        boolean includeInactive = query(http, "includeInactiveUsers").contains("true");
        long startAt = query(http, "startAt").stream().mapToLong(Long::parseLong).findFirst().orElse(0);
        int maxResults = (int) Math.min(MEMBERS_PER_PAGE, query(http, "maxResults").stream()
                .mapToLong(Long::parseLong).findFirst().orElse(MEMBERS_PER_PAGE));
        Map<String, String> addresses = new HashMap<>();
        accountIds.forEach((address, id) -> addresses.put(id, address));
        List<String> members = groups.members(group.get().name()).stream().filter(id -> includeInactive
                || !inactive.contains(id)).sorted().toList();
        List<String> page = members.stream().skip(startAt).limit(maxResults).toList();
        boolean last = startAt + page.size() >= members.size();
        String self = siteUrl() + "/rest/api/3/group/member?groupId=" + group.get().groupId()
                + "&includeInactiveUsers=" + includeInactive + "&startAt=";
        ObjectNode body = JSON.createObjectNode().put("self", self + startAt + "&maxResults=" + maxResults)
                .put("maxResults", maxResults).put("startAt", startAt).put("total", members.size())
                .put("isLast", last);
        if (!last) {
            body.put("nextPage", self + (startAt + page.size()) + "&maxResults=" + maxResults);
        }
        ArrayNode values = body.putArray("values");
        for (String id : page) {
            ObjectNode member = values.addObject().put("self", siteUrl() + "/rest/api/3/user?accountId=" + id)
                    .put("accountId", id);
            if (appAccounts.containsKey(id)) {
                member.put("accountType", "app").put("displayName", appAccounts.get(id)).put("active", true);
                continue;
            }
            String address = addresses.getOrDefault(id, "");
            member.put("accountType", "atlassian").put("displayName", address.isEmpty() ? "Former user"
                    : displayName(address)).put("active", !inactive.contains(id)).put("timeZone", "UTC");
            if (!hiddenAddresses.contains(id) && !address.isEmpty()) {
                member.put("emailAddress", address);
            }
        }
        reply(http, 200, body.toString());
    }

    /** {@code GET /rest/api/3/user/groups?accountId=}: an array of the account's groups. */
    private void userGroups(HttpExchange http) throws IOException {
        List<String> accountId = query(http, "accountId");
        if (accountId.isEmpty() || !accountIds.containsValue(accountId.get(0))) {
            reply(http, 404, errors("User not found"));
            return;
        }
        ArrayNode names = JSON.createArrayNode();
        groups.of(accountId.get(0)).forEach(group -> names.addObject().put("groupId", group.groupId())
                .put("name", group.name()).put("self", siteUrl() + "/rest/api/3/group?groupId=" + group.groupId()));
        reply(http, 200, names.toString());
    }

    /** {@code DELETE /rest/api/3/user?accountId=}: gone from Jira's user base and its groups; 204 without a body. */
    private void deleteUser(HttpExchange http) throws IOException {
        List<String> accountId = query(http, "accountId");
        if (accountId.isEmpty() || !accountIds.values().remove(accountId.get(0))) {
            reply(http, 404, errors("The user with account ID '" + (accountId.isEmpty() ? "" : accountId.get(0))
                    + "' does not exist."));
            return;
        }
        groups.forget(accountId.get(0));
        replyEmpty(http, 204);
    }

    /** The values of one query parameter, decoded. */
    static List<String> query(HttpExchange http, String name) {
        String raw = http.getRequestURI().getRawQuery();
        if (raw == null) {
            return List.of();
        }
        return Arrays.stream(raw.split("&")).map(pair -> pair.split("=", 2))
                .filter(pair -> pair.length == 2 && pair[0].equals(name))
                .map(pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)).toList();
    }

    /** @param number the create-user request's number, 0 for other requests */
    private boolean revoked(int number) {
        return revokeAfter > 0 && (number > 0 ? number > revokeAfter : createRequests.get() >= revokeAfter);
    }

    private boolean authorized(String authorization) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
        return expected.equals(authorization);
    }

    /** The create-user burst limit, once any rate change that is due is applied. */
    private BurstLimit createLimit(long now) {
        synchronized (rateChanges) {
            for (RateChange change : rateChanges) {
                if (now - firstCreateAt >= change.after().toNanos()) {
                    burstLimit.changeRate(change.rate(), now);
                    rateChanges.remove(change);
                }
            }
        }
        return burstLimit;
    }

    /** Starts the clock of rate changes and per-second counts at the first create-user request. */
    private void startClock() {
        synchronized (rateChanges) {
            if (firstCreateAt == 0) {
                firstCreateAt = System.nanoTime();
            }
        }
    }

    /** The second since the first create-user request. */
    private long secondOf(long now) {
        return (now - firstCreateAt) / 1_000_000_000L;
    }

    /** How long work at this endpoint takes this time. */
    private Duration latencyOf(String endpoint) {
        Duration base = latencies.getOrDefault(endpoint,
                endpoint.equals(CREATE_USER) ? latency : latency.dividedBy(FASTER_THAN_CREATE));
        if (!jitter || base.isZero()) {
            return base;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double factor = random.nextInt(TAIL_EVERY) == 0 ? random.nextDouble(3, 5) : random.nextDouble(0.9, 1.1);
        return Duration.ofNanos((long) (base.toNanos() * factor));
    }

    private static String accountId(String key) {
        // Stable across runs, shaped like a real Atlassian account ID
        return "712020:" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String errors(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("errorMessages").add(message);
        error.putObject("errors");
        return error.toString();
    }

    private static String fieldError(String field, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("errorMessages");
        error.putObject("errors").put(field, message);
        return error.toString();
    }

    static void reply(HttpExchange http, int status, String json) throws IOException {
        STATUS.set(status);
        ANSWER.set(json);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        http.sendResponseHeaders(status, bytes.length);
        http.getResponseBody().write(bytes);
    }

    static void replyEmpty(HttpExchange http, int status) throws IOException {
        STATUS.set(status);
        ANSWER.set("");
        http.sendResponseHeaders(status, -1);
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        if (!duration.isZero()) {
            try {
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs the simulator on its own, for benchmarks and trying the importer by hand: {@code --port N --email E
     * --token T --latency-ms N --rate-limit R --burst-depth D --retry-after S|none --near-limit true|false
     * --refill-headers true|false --rate-change SECONDS:RATE,... --license-limit N --fail-every N --drop-every N --jitter true|false
     * --edge-error-every N --endpoint-limits 'METHOD path=RATE/DEPTH,...' --members N --member-groups a,b,...}:
     * {@code --members} makes users {@code bench.user1@bancly.com} to N, each in one of the member groups in turn.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        AtlassianSimulator simulator = new AtlassianSimulator(options.getOrDefault("email", "admin@example.com"),
                options.getOrDefault("token", "simulator-token"))
                .latency(Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "0"))))
                .burstLimit(Double.parseDouble(options.getOrDefault("rate-limit", "0")), Integer.parseInt(
                        options.getOrDefault("burst-depth", options.getOrDefault("rate-limit", "1"))))
                .retryAfter(options.getOrDefault("retry-after", "1").equals("none") ? null
                        : Duration.ofSeconds(Long.parseLong(options.getOrDefault("retry-after", "1"))))
                .nearLimitHeader(Boolean.parseBoolean(options.getOrDefault("near-limit", "true")))
                .refillHeaders(Boolean.parseBoolean(options.getOrDefault("refill-headers", "false")))
                .jitter(Boolean.parseBoolean(options.getOrDefault("jitter", "true")))
                .edgeErrorEvery(Integer.parseInt(options.getOrDefault("edge-error-every", "0")))
                .licensedUserLimit(Integer.parseInt(options.getOrDefault("license-limit", "0")))
                .failEvery(Integer.parseInt(options.getOrDefault("fail-every", "0")))
                .dropEvery(Integer.parseInt(options.getOrDefault("drop-every", "0")))
                .recording(false);
        for (String limit : options.getOrDefault("endpoint-limits", "").split(",")) {
            if (!limit.isBlank()) {
                String[] endpointAndLimit = limit.split("=");
                String[] rateAndDepth = endpointAndLimit[1].split("/");
                simulator.burstLimit(endpointAndLimit[0].trim(), Double.parseDouble(rateAndDepth[0]),
                        Integer.parseInt(rateAndDepth[1]));
            }
        }
        List<String> memberGroups = List.of(options.getOrDefault("member-groups", "engineering").split(","));
        int members = Integer.parseInt(options.getOrDefault("members", "0"));
        for (int i = 1; i <= members; i++) {
            simulator.existingUser("bench.user" + i + "@bancly.com", memberGroups.get((i - 1) % memberGroups.size()));
        }
        for (String change : options.getOrDefault("rate-change", "").split(",")) {
            if (!change.isBlank()) {
                String[] atAndRate = change.split(":");
                simulator.rateChange(Duration.ofMillis((long) (Double.parseDouble(atAndRate[0]) * 1000)),
                        Double.parseDouble(atAndRate[1]));
            }
        }
        String url = simulator.start(Integer.parseInt(options.getOrDefault("port", "0")));
        System.out.println("Atlassian simulator listening on " + url);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(
                "Atlassian simulator: " + simulator.createRequests() + " create requests, " + simulator.rateLimited()
                        + " answered 429, " + simulator.users().size() + " users" + System.lineSeparator()
                        + "accepted per second: " + simulator.acceptedPerSecond() + System.lineSeparator()
                        + "requests by endpoint: " + new java.util.TreeMap<>(simulator.requestsTo))));
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
