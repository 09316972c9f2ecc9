package io.github.userimporter;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.userimporter.cluster.ClusterSettings;
import io.github.userimporter.imports.ImportSettings;
import io.github.userimporter.inbox.ExportMapping;
import io.github.userimporter.imports.OwnerOnly;
import io.github.userimporter.mail.MailSettings;
import io.github.userimporter.rows.RowValidator;
import io.github.userimporter.site.LeaverAction;
import io.github.userimporter.site.Organization;
import io.github.userimporter.site.SiteCredentials;
import io.github.userimporter.sftp.SftpSettings;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

/**
 * The importer's configuration, read once from {@code application.properties} (whose values come from environment
 * variables) and checked before any file is taken, grouped by concern. Reading it changes nothing: the folders are
 * made by {@link Folders#create}, and what the routes read is published by {@link RouteProperties}.
 *
 * @param site              the Jira Cloud site and the credentials it is asked with
 * @param folders           where files are dropped, results written and state kept
 * @param rows              what a row may name, and what its empty cells mean
 * @param inbox             when a dropped file is taken
 * @param pacing            how fast the site is asked, and how often a failed request is tried again
 * @param dryRun            validate and write what would change, sending only lookups
 * @param reimport          import a file again even though the same bytes were imported before
 * @param progressInterval  how often a long import logs how far it is
 * @param siteRetryInterval how long a file stopped because the site took no row waits before it is tried again
 * @param jsonLog           whether log lines are JSON objects for a log shipper, which nothing else may interleave
 * @param sftp              the SFTP server HR exports are fetched from; null for none
 * @param cluster           how instances on shared folders elect the one that imports; null for a single instance
 * @param leavers           what a leaver loses, and who never does
 * @param organization      the organization Admin API, or null when its key and ID are not both set
 * @param mail              the SMTP server each import's report is mailed through, or null for no mail
 * @param mapping           how an HR export's headers and values become the importer's, or null for none
 */
public record Settings(Site site, Folders folders, Rows rows, Inbox inbox, Pacing pacing, boolean dryRun,
        boolean reimport, Duration progressInterval, Duration siteRetryInterval, boolean jsonLog, SftpSettings sftp,
        ClusterSettings cluster, Leavers leavers, Organization organization, MailSettings mail, Path mapping) {

    /**
     * The Jira Cloud site.
     *
     * @param url         without a trailing slash, so that API paths can be appended
     * @param credentials the admin account and its token, as the {@code Authorization} header sends them
     */
    public record Site(String url, SiteCredentials credentials) {
    }

    /**
     * @param inbox  the watched folder
     * @param outbox the results folder
     * @param state  where unfinished imports are journalled and finished ones remembered
     */
    public record Folders(Path inbox, Path outbox, Path state) {

        /**
         * Creates each folder that is missing, owner-only.
         *
         * @throws InvalidSettingsException naming each folder that cannot be made or used
         */
        void create() {
            List<String> problems = new ArrayList<>();
            create(inbox, "IMPORTER_INBOX", problems);
            create(outbox, "IMPORTER_OUTBOX", problems);
            create(state, "IMPORTER_STATE", problems);
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(problems);
            }
        }

        private static void create(Path folder, String variable, List<String> problems) {
            try {
                OwnerOnly.createDirectories(folder);
            } catch (IOException | RuntimeException e) {
                problems.add(variable + " is not a folder the importer can create or use: " + folder.toAbsolutePath());
                return;
            }
            if (!Files.isReadable(folder) || !Files.isWritable(folder)) {
                problems.add(variable + " must be readable and writable by the importer's user: "
                        + folder.toAbsolutePath());
            }
        }
    }

    /**
     * @param defaultProducts products for rows whose products cell is empty
     * @param defaultGroups   groups for rows whose groups cell is empty
     * @param allowedProducts product keys a row may name
     */
    public record Rows(List<String> defaultProducts, List<String> defaultGroups, Set<String> allowedProducts) {
    }

    /**
     * @param settleTime    how long a file must stay unchanged before it is read
     * @param settleTimeout how long a {@code --once} run waits for a file that keeps changing
     * @param doneMarker    take {@code x.csv} only once {@code x.csv.done} exists
     */
    public record Inbox(Duration settleTime, Duration settleTimeout, boolean doneMarker) {
    }

    /**
     * @param concurrency requests out at once to each endpoint, always; 0 lets the importer find how many it takes
     * @param maxRate     requests per second at most to each endpoint; 0 for no cap
     * @param maxRetries  further tries of a row after a transient failure
     */
    public record Pacing(int concurrency, double maxRate, int maxRetries) {
    }

    /**
     * @param action            what a leaver loses beyond their groups
     * @param maxLeavers        leave rows a file may hold; a file with more is rejected before any request
     * @param protectedGroups   members of these groups (names, any case) are never offboarded
     * @param protectedAccounts these addresses (any case) are never offboarded
     * @param managedGroups     the groups a roster is the whole membership of; empty: rosters are refused
     */
    public record Leavers(LeaverAction action, int maxLeavers, Set<String> protectedGroups,
            Set<String> protectedAccounts, Set<String> managedGroups) {
    }

    static final String SITE_URL = "atlassian.site-url";
    static final String EMAIL = "atlassian.email";
    static final String API_TOKEN = "atlassian.api-token";
    static final String API_TOKEN_FILE = "atlassian.api-token-file";
    static final String ALLOW_INSECURE_HTTP = "importer.allow-insecure-http";
    static final String LOG_FORMAT = "importer.log-format";
    static final String MASK_EMAILS = "importer.mask-emails";
    static final String INBOX = "importer.inbox";
    static final String OUTBOX = "importer.outbox";
    static final String STATE = "importer.state";
    static final String REIMPORT = "importer.reimport";
    static final String DEFAULT_PRODUCTS = "importer.default-products";
    static final String DEFAULT_GROUPS = "importer.default-groups";
    static final String ALLOWED_PRODUCTS = "importer.allowed-products";
    static final String DRY_RUN = "importer.dry-run";
    static final String DONE_MARKER = "importer.done-marker";
    static final String SETTLE_TIME = "importer.settle-time";
    static final String SETTLE_TIMEOUT = "importer.settle-timeout";
    static final String CONCURRENCY = "importer.concurrency";
    static final String MAX_RATE = "importer.max-rate";
    static final String MAX_RETRIES = "importer.max-retries";
    static final String PROGRESS_INTERVAL = "importer.progress-interval";
    static final String SITE_RETRY_INTERVAL = "importer.site-retry-interval";
    static final String LEAVER_ACTION = "importer.leaver-action";
    static final String MAX_LEAVERS = "importer.max-leavers";
    static final String PROTECTED_GROUPS = "importer.protected-groups";
    static final String PROTECTED_ACCOUNTS = "importer.protected-accounts";
    static final String MANAGED_GROUPS = "importer.managed-groups";
    static final String ORG_ID = "importer.org-id";
    static final String ORG_API_KEY_FILE = "importer.org-api-key-file";
    static final String ADMIN_API_URL = "importer.admin-api-url";
    static final String MAPPING = "importer.mapping";
    static final String MAIL_URL = "importer.mail.url";
    static final String MAIL_USER = "importer.mail.user";
    static final String MAIL_PASSWORD_FILE = "importer.mail.password-file";
    static final String MAIL_FROM = "importer.mail.from";
    static final String MAIL_TO = "importer.mail.to";
    static final String MAIL_WHEN = "importer.mail.when";
    static final String MAIL_RETRY_INTERVAL = "importer.mail.retry-interval";
    static final String MAIL_GIVE_UP = "importer.mail.give-up";
    static final String ALLOW_INSECURE_SMTP = "importer.allow-insecure-smtp";
    static final String SFTP_URL = "importer.sftp.url";
    static final String SFTP_PRIVATE_KEY_FILE = "importer.sftp.private-key-file";
    static final String SFTP_PASSWORD_FILE = "importer.sftp.password-file";
    static final String SFTP_KNOWN_HOSTS = "importer.sftp.known-hosts";
    static final String SFTP_POLL_INTERVAL = "importer.sftp.poll-interval";
    static final String SFTP_RESULTS = "importer.sftp.results";
    static final String SFTP_DELETE = "importer.sftp.delete";
    static final String CLUSTER = "importer.cluster";
    static final String CLUSTER_ZOOKEEPER = "importer.cluster.zookeeper";
    static final String CLUSTER_LEASE = "importer.cluster.lease";

    /**
     * Reads and checks the settings.
     *
     * @throws InvalidSettingsException naming every missing or malformed setting
     */
    static Settings load(PropertiesComponent properties) {
        List<String> problems = new ArrayList<>();
        String siteUrl = required(properties, SITE_URL, "ATLASSIAN_SITE_URL", problems).replaceAll("/+$", "");
        String email = required(properties, EMAIL, "ATLASSIAN_EMAIL", problems);
        String token = token(properties, problems);
        boolean allowInsecureHttp = flag(properties, ALLOW_INSECURE_HTTP, "IMPORTER_ALLOW_INSECURE_HTTP", problems);
        if (!siteUrl.isEmpty() && !isHttpUrl(siteUrl)) {
            problems.add("ATLASSIAN_SITE_URL must be an http(s) URL such as https://your-domain.atlassian.net, not '"
                    + siteUrl + "'");
        } else if (siteUrl.startsWith("http:") && !isLoopback(siteUrl) && !allowInsecureHttp) {
            problems.add("ATLASSIAN_SITE_URL uses plain http, which would send the API token unencrypted: use "
                    + "https://, or set IMPORTER_ALLOW_INSECURE_HTTP=true");
        }
        Set<String> allowed = Set.copyOf(productKeys(properties.resolveProperty(ALLOWED_PRODUCTS).orElse("")));
        if (allowed.isEmpty()) {
            problems.add("IMPORTER_ALLOWED_PRODUCTS is empty: name at least one product key");
        }
        List<String> defaults = productKeys(properties.resolveProperty(DEFAULT_PRODUCTS).orElse(""));
        defaults.stream().filter(key -> !allowed.contains(key)).forEach(key -> problems.add(
                "IMPORTER_DEFAULT_PRODUCTS names " + key + ", which is not in IMPORTER_ALLOWED_PRODUCTS"));
        // Group names may hold commas, so only ; separates them
        List<String> defaultGroups = Arrays.stream(properties.resolveProperty(DEFAULT_GROUPS).orElse("").split(";"))
                .map(String::trim).filter(name -> !name.isEmpty()).toList();
        boolean dryRun = flag(properties, DRY_RUN, "IMPORTER_DRY_RUN", problems);
        boolean doneMarker = flag(properties, DONE_MARKER, "IMPORTER_DONE_MARKER", problems);
        boolean reimport = flag(properties, REIMPORT, "IMPORTER_REIMPORT", problems);
        // Unset: the window of requests out at once finds its size by itself
        int concurrency = properties.resolveProperty(CONCURRENCY).map(String::isBlank).orElse(true) ? 0
                : (int) number(properties, CONCURRENCY, "IMPORTER_CONCURRENCY", 1, 64, problems);
        double maxRate = number(properties, MAX_RATE, "IMPORTER_MAX_RATE", 0, 10_000, problems);
        int maxRetries = (int) number(properties, MAX_RETRIES, "IMPORTER_MAX_RETRIES", 0, 20, problems);
        Duration progressInterval = duration(properties, PROGRESS_INTERVAL, "IMPORTER_PROGRESS_INTERVAL", problems);
        Duration siteRetryInterval = duration(properties, SITE_RETRY_INTERVAL, "IMPORTER_SITE_RETRY_INTERVAL",
                problems);
        Duration settleTime = duration(properties, SETTLE_TIME, "IMPORTER_SETTLE_TIME", problems);
        Duration settleTimeout = duration(properties, SETTLE_TIMEOUT, "IMPORTER_SETTLE_TIMEOUT", problems);
        if (settleTimeout.compareTo(settleTime) <= 0) {
            problems.add("IMPORTER_SETTLE_TIMEOUT must be longer than IMPORTER_SETTLE_TIME, or no file that is "
                    + "still arriving could settle in time");
        }
        String logFormat = properties.resolveProperty(LOG_FORMAT).map(String::trim).orElse("text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            problems.add("IMPORTER_LOG_FORMAT must be text or json, not '" + logFormat + "'");
        }
        flag(properties, MASK_EMAILS, "IMPORTER_MASK_EMAILS", problems);
        Folders folders = new Folders(folder(properties, INBOX), folder(properties, OUTBOX), folder(properties, STATE));
        SftpSettings sftp = sftp(properties, problems);
        ClusterSettings cluster = cluster(properties, problems);
        Organization organization = organization(properties, allowInsecureHttp, problems);
        Leavers leavers = leavers(properties, organization, problems);
        MailSettings mail = mail(properties, problems);
        Path mapping = mapping(properties, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new Settings(new Site(siteUrl, new SiteCredentials(email, token)), folders,
                new Rows(defaults, defaultGroups, allowed), new Inbox(settleTime, settleTimeout, doneMarker),
                new Pacing(concurrency, maxRate, maxRetries), dryRun, reimport, progressInterval, siteRetryInterval,
                logFormat.equals("json"), sftp, cluster, leavers, organization, mail, mapping);
    }

    /** The export mapping's file, read once here to stop start-up on one that does not read; null when unset. */
    private static Path mapping(PropertiesComponent properties, List<String> problems) {
        String file = properties.resolveProperty(MAPPING).map(String::trim).orElse("");
        if (file.isEmpty()) {
            return null;
        }
        try {
            ExportMapping.read(Path.of(file));
        } catch (IllegalArgumentException e) {
            problems.add("IMPORTER_MAPPING " + e.getMessage());
        }
        return Path.of(file);
    }

    /** The SMTP server to mail reports through, or null when {@code IMPORTER_MAIL_URL} is unset. */
    private static MailSettings mail(PropertiesComponent properties, List<String> problems) {
        String url = properties.resolveProperty(MAIL_URL).map(String::trim).orElse("");
        boolean allowInsecure = flag(properties, ALLOW_INSECURE_SMTP, "IMPORTER_ALLOW_INSECURE_SMTP", problems);
        Duration retryInterval = duration(properties, MAIL_RETRY_INTERVAL, "IMPORTER_MAIL_RETRY_INTERVAL", problems);
        Duration giveUp = duration(properties, MAIL_GIVE_UP, "IMPORTER_MAIL_GIVE_UP", problems);
        if (url.isEmpty()) {
            return null;
        }
        int before = problems.size();
        String when = properties.resolveProperty(MAIL_WHEN).map(String::trim).orElse("always");
        if (!when.equals("always") && !when.equals("failures")) {
            problems.add("IMPORTER_MAIL_WHEN must be always or failures, not '" + when + "'");
        }
        String from = properties.resolveProperty(MAIL_FROM).map(String::trim).orElse("");
        if (RowValidator.emailProblem(from) != null) {
            problems.add("IMPORTER_MAIL_URL is set: IMPORTER_MAIL_FROM must be the sender's address, not '" + from
                    + "'");
        }
        List<String> to = Arrays.stream(properties.resolveProperty(MAIL_TO).orElse("").split(","))
                .map(String::trim).filter(address -> !address.isEmpty()).toList();
        if (to.isEmpty() || to.stream().anyMatch(address -> RowValidator.emailProblem(address) != null)) {
            problems.add("IMPORTER_MAIL_URL is set: IMPORTER_MAIL_TO must be one or more addresses separated by , "
                    + "not '" + String.join(",", to) + "'");
        }
        String user = properties.resolveProperty(MAIL_USER).map(String::trim).orElse("");
        String passwordFile = properties.resolveProperty(MAIL_PASSWORD_FILE).map(String::trim).orElse("");
        String password = null;
        if (user.isEmpty() != passwordFile.isEmpty()) {
            problems.add("IMPORTER_MAIL_USER and IMPORTER_MAIL_PASSWORD_FILE go together: set both to log in, or "
                    + "neither");
        } else if (!passwordFile.isEmpty()) {
            try {
                password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                problems.add("IMPORTER_MAIL_PASSWORD_FILE cannot be read: " + passwordFile);
            }
        }
        if (retryInterval.compareTo(Duration.ofMillis(100)) < 0) {
            problems.add("IMPORTER_MAIL_RETRY_INTERVAL must be at least 100ms");
        }
        try {
            MailSettings mail = MailSettings.fromUrl(url, user, password, from, to, when.equals("failures"),
                    allowInsecure, retryInterval, giveUp);
            return problems.size() == before ? mail : null;
        } catch (IllegalArgumentException e) {
            problems.add("IMPORTER_MAIL_URL " + e.getMessage());
            return null;
        }
    }

    /** What a leaver loses, and who never does. */
    private static Leavers leavers(PropertiesComponent properties, Organization organization, List<String> problems) {
        String action = properties.resolveProperty(LEAVER_ACTION).map(String::trim).orElse("groups");
        LeaverAction leaverAction = LeaverAction.of(action);
        if (leaverAction == null) {
            problems.add("IMPORTER_LEAVER_ACTION must be groups, delete or suspend, not '" + action + "'");
        } else if (leaverAction == LeaverAction.SUSPEND && organization == null) {
            problems.add("IMPORTER_LEAVER_ACTION=suspend needs the organization Admin API: set IMPORTER_ORG_ID and "
                    + "IMPORTER_ORG_API_KEY_FILE");
        }
        int maxLeavers = (int) number(properties, MAX_LEAVERS, "IMPORTER_MAX_LEAVERS", 0, 1_000_000, problems);
        return new Leavers(leaverAction, maxLeavers, names(properties, PROTECTED_GROUPS),
                names(properties, PROTECTED_ACCOUNTS), names(properties, MANAGED_GROUPS));
    }

    /** The organization Admin API, or null when neither its ID nor its key is set. */
    private static Organization organization(PropertiesComponent properties, boolean allowInsecureHttp,
            List<String> problems) {
        String orgId = properties.resolveProperty(ORG_ID).map(String::trim).orElse("");
        String keyFile = properties.resolveProperty(ORG_API_KEY_FILE).map(String::trim).orElse("");
        String url = properties.resolveProperty(ADMIN_API_URL).map(String::trim).orElse("").replaceAll("/+$", "");
        if (orgId.isEmpty() && keyFile.isEmpty()) {
            return null;
        }
        if (orgId.isEmpty() || keyFile.isEmpty()) {
            problems.add((orgId.isEmpty() ? "IMPORTER_ORG_API_KEY_FILE is set without IMPORTER_ORG_ID"
                    : "IMPORTER_ORG_ID is set without IMPORTER_ORG_API_KEY_FILE") + ": set both for the organization "
                    + "Admin API, or neither");
            return null;
        }
        if (!isHttpUrl(url)) {
            problems.add("IMPORTER_ADMIN_API_URL must be an http(s) URL such as https://api.atlassian.com, not '"
                    + url + "'");
            return null;
        }
        if (url.startsWith("http:") && !isLoopback(url) && !allowInsecureHttp) {
            problems.add("IMPORTER_ADMIN_API_URL uses plain http, which would send the org API key unencrypted: use "
                    + "https://, or set IMPORTER_ALLOW_INSECURE_HTTP=true");
            return null;
        }
        try {
            String key = Files.readString(Path.of(keyFile), StandardCharsets.UTF_8).strip();
            if (key.isEmpty()) {
                problems.add("IMPORTER_ORG_API_KEY_FILE names an empty file: " + keyFile);
                return null;
            }
            return new Organization(url, orgId, key);
        } catch (IOException | RuntimeException e) {
            problems.add("IMPORTER_ORG_API_KEY_FILE cannot be read: " + keyFile);
            return null;
        }
    }

    /** A setting's names separated by {@code ;}, trimmed, compared without case. */
    private static Set<String> names(PropertiesComponent properties, String key) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Arrays.stream(properties.resolveProperty(key).orElse("").split(";")).map(String::trim)
                .filter(name -> !name.isEmpty()).forEach(names::add);
        return Collections.unmodifiableSet(names);
    }

    /** How instances elect their leader, or null when {@code IMPORTER_CLUSTER} is unset. */
    private static ClusterSettings cluster(PropertiesComponent properties, List<String> problems) {
        String service = properties.resolveProperty(CLUSTER).map(String::trim).orElse("");
        String zookeeper = properties.resolveProperty(CLUSTER_ZOOKEEPER).map(String::trim).orElse("");
        Duration lease = duration(properties, CLUSTER_LEASE, "IMPORTER_CLUSTER_LEASE", problems);
        if (service.isEmpty()) {
            return null;
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("IMPORTER_CLUSTER_LEASE must be at least 1s");
        }
        switch (service) {
            case "file":
                return new ClusterSettings(ClusterSettings.Service.FILE, null, lease);
            case "zookeeper":
                if (zookeeper.isEmpty()) {
                    problems.add("IMPORTER_CLUSTER=zookeeper needs IMPORTER_CLUSTER_ZOOKEEPER: the ensemble's "
                            + "servers, host:port,...");
                }
                return new ClusterSettings(ClusterSettings.Service.ZOOKEEPER, zookeeper, lease);
            default:
                problems.add("IMPORTER_CLUSTER must be file, zookeeper or unset, not '" + service + "'");
                return null;
        }
    }

    /** The SFTP server to fetch from, or null when {@code IMPORTER_SFTP_URL} is unset. */
    private static SftpSettings sftp(PropertiesComponent properties, List<String> problems) {
        String url = properties.resolveProperty(SFTP_URL).map(String::trim).orElse("");
        if (url.isEmpty()) {
            return null;
        }
        String keyFile = properties.resolveProperty(SFTP_PRIVATE_KEY_FILE).map(String::trim).orElse("");
        String passwordFile = properties.resolveProperty(SFTP_PASSWORD_FILE).map(String::trim).orElse("");
        String knownHosts = properties.resolveProperty(SFTP_KNOWN_HOSTS).map(String::trim).orElse("");
        int before = problems.size();
        if (keyFile.isEmpty() == passwordFile.isEmpty()) {
            problems.add("IMPORTER_SFTP_URL is set: set one of IMPORTER_SFTP_PRIVATE_KEY_FILE (an OpenSSH private "
                    + "key) and IMPORTER_SFTP_PASSWORD_FILE (a file holding the password), not " + (keyFile.isEmpty()
                    ? "neither" : "both"));
        } else if (!keyFile.isEmpty() && !Files.isReadable(Path.of(keyFile))) {
            problems.add("IMPORTER_SFTP_PRIVATE_KEY_FILE cannot be read: " + keyFile);
        }
        String password = null;
        if (!passwordFile.isEmpty()) {
            try {
                password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                problems.add("IMPORTER_SFTP_PASSWORD_FILE cannot be read: " + passwordFile);
            }
        }
        if (knownHosts.isEmpty()) {
            problems.add("IMPORTER_SFTP_KNOWN_HOSTS is not set: the server's host key is always checked; write "
                    + "the file with ssh-keyscan (see README) and check the key's fingerprint with its owner");
        } else if (!Files.isReadable(Path.of(knownHosts))) {
            problems.add("IMPORTER_SFTP_KNOWN_HOSTS cannot be read: " + knownHosts);
        }
        Duration pollInterval = duration(properties, SFTP_POLL_INTERVAL, "IMPORTER_SFTP_POLL_INTERVAL", problems);
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("IMPORTER_SFTP_POLL_INTERVAL must be at least 1s");
        }
        boolean delete = flag(properties, SFTP_DELETE, "IMPORTER_SFTP_DELETE", problems);
        String results = properties.resolveProperty(SFTP_RESULTS).map(String::trim).orElse("");
        try {
            SftpSettings sftp = SftpSettings.fromUrl(url, keyFile.isEmpty() ? null : Path.of(keyFile), password,
                    Path.of(knownHosts), pollInterval, results, delete);
            return problems.size() == before ? sftp : null;
        } catch (IllegalArgumentException e) {
            problems.add("IMPORTER_SFTP_URL " + e.getMessage());
            return null;
        }
    }

    /** What the importer of each file needs to know; {@code once} for a {@code --once} run. */
    ImportSettings imports(boolean once) {
        return new ImportSettings(folders.inbox(), folders.outbox(), folders.state(), dryRun, reimport, once,
                progressInterval, siteRetryInterval);
    }

    /** Splits a products cell or setting: keys separated by {@code ;} (or {@code ,} in the setting). */
    static List<String> productKeys(String value) {
        return Arrays.stream(value.split("[;,]")).map(String::trim).filter(key -> !key.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "Settings[site=" + site.url() + ", inbox=" + folders.inbox() + ", outbox=" + folders.outbox()
                + ", state=" + folders.state() + "]";
    }

    private static String required(PropertiesComponent properties, String key, String variable,
            List<String> problems) {
        String value = properties.resolveProperty(key).map(String::trim).orElse("");
        if (value.isEmpty()) {
            problems.add(variable + " is not set (property " + key + ")");
        }
        return value;
    }

    /** From {@code ATLASSIAN_API_TOKEN}, or from the file {@code ATLASSIAN_API_TOKEN_FILE} names (a mounted secret). */
    private static String token(PropertiesComponent properties, List<String> problems) {
        String token = properties.resolveProperty(API_TOKEN).map(String::trim).orElse("");
        String file = properties.resolveProperty(API_TOKEN_FILE).map(String::trim).orElse("");
        if (!token.isEmpty() && !file.isEmpty()) {
            problems.add("ATLASSIAN_API_TOKEN and ATLASSIAN_API_TOKEN_FILE are both set: set only one");
        } else if (!file.isEmpty()) {
            try {
                token = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                if (token.isEmpty()) {
                    problems.add("ATLASSIAN_API_TOKEN_FILE names an empty file: " + file);
                }
            } catch (IOException | RuntimeException e) {
                problems.add("ATLASSIAN_API_TOKEN_FILE cannot be read: " + file);
            }
        } else if (token.isEmpty()) {
            problems.add("ATLASSIAN_API_TOKEN is not set (property " + API_TOKEN
                    + "); or name a file holding it with ATLASSIAN_API_TOKEN_FILE");
        }
        return token;
    }

    /** A folder's path; {@link Folders#create} makes it. */
    private static Path folder(PropertiesComponent properties, String key) {
        return Path.of(properties.resolveProperty(key).map(String::trim).orElse(""));
    }

    private static boolean isLoopback(String url) {
        String host = URI.create(url).getHost();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static boolean flag(PropertiesComponent properties, String key, String variable, List<String> problems) {
        String value = properties.resolveProperty(key).map(String::trim).orElse("false");
        if (!value.equals("true") && !value.equals("false")) {
            problems.add(variable + " must be true or false, not '" + value + "'");
        }
        return value.equals("true");
    }

    private static double number(PropertiesComponent properties, String key, String variable, double min,
            double max, List<String> problems) {
        String value = properties.resolveProperty(key).map(String::trim).orElse("");
        try {
            double number = Double.parseDouble(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(variable + " must be a number from " + (long) min + " to " + (long) max + ", not '" + value
                + "'");
        return min;
    }

    private static Duration duration(PropertiesComponent properties, String key, String variable,
            List<String> problems) {
        String value = properties.resolveProperty(key).map(String::trim).orElse("");
        try {
            return Duration.ofMillis(TimeUtils.toMilliSeconds(value));
        } catch (RuntimeException e) {
            problems.add(variable + " must be a duration such as 10s or 1m, not '" + value + "'");
            return Duration.ZERO;
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The settings cannot work; each problem is one line naming the setting. */
    static final class InvalidSettingsException extends RuntimeException {
        InvalidSettingsException(List<String> problems) {
            super(String.join(System.lineSeparator(), problems));
        }
    }
}
