package io.github.userimporter;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The importer's configuration, read once from {@code application.properties} (whose values come from environment
 * variables) and checked before any file is taken.
 */
public final class Settings {

    static final String SITE_URL = "atlassian.site-url";
    static final String EMAIL = "atlassian.email";
    static final String API_TOKEN = "atlassian.api-token";
    static final String INBOX = "importer.inbox";
    static final String OUTBOX = "importer.outbox";
    static final String DEFAULT_PRODUCTS = "importer.default-products";

    private final String siteUrl;
    private final String authorization;
    private final Path inbox;
    private final Path outbox;
    private final List<String> defaultProducts;

    private Settings(String siteUrl, String authorization, Path inbox, Path outbox, List<String> defaultProducts) {
        this.siteUrl = siteUrl;
        this.authorization = authorization;
        this.inbox = inbox;
        this.outbox = outbox;
        this.defaultProducts = defaultProducts;
    }

    /**
     * Reads and checks the settings. The site URL is written back without a trailing slash, so that the route can
     * append API paths to it.
     *
     * @throws InvalidSettingsException naming every missing or malformed setting
     */
    static Settings load(PropertiesComponent properties) {
        List<String> problems = new ArrayList<>();
        String siteUrl = required(properties, SITE_URL, "ATLASSIAN_SITE_URL", problems).replaceAll("/+$", "");
        String email = required(properties, EMAIL, "ATLASSIAN_EMAIL", problems);
        String token = required(properties, API_TOKEN, "ATLASSIAN_API_TOKEN", problems);
        if (!siteUrl.isEmpty() && !isHttpUrl(siteUrl)) {
            problems.add("ATLASSIAN_SITE_URL must be an http(s) URL such as https://your-domain.atlassian.net, not '"
                    + siteUrl + "'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        properties.addOverrideProperty(SITE_URL, siteUrl);
        String basic = Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
        return new Settings(siteUrl, "Basic " + basic,
                Path.of(properties.resolveProperty(INBOX).orElse("inbox")),
                Path.of(properties.resolveProperty(OUTBOX).orElse("outbox")),
                productKeys(properties.resolveProperty(DEFAULT_PRODUCTS).orElse("")));
    }

    /** Splits a products cell or setting: keys separated by {@code ;} (or {@code ,} in the setting). */
    static List<String> productKeys(String value) {
        return Arrays.stream(value.split("[;,]")).map(String::trim).filter(key -> !key.isEmpty()).toList();
    }

    public String siteUrl() {
        return siteUrl;
    }

    /** The preemptive Basic {@code Authorization} header value; never log it. */
    public String authorization() {
        return authorization;
    }

    public Path inbox() {
        return inbox;
    }

    public Path outbox() {
        return outbox;
    }

    public List<String> defaultProducts() {
        return defaultProducts;
    }

    @Override
    public String toString() {
        return "Settings[site=" + siteUrl + ", inbox=" + inbox + ", outbox=" + outbox + "]";
    }

    private static String required(PropertiesComponent properties, String key, String variable,
            List<String> problems) {
        String value = properties.resolveProperty(key).map(String::trim).orElse("");
        if (value.isEmpty()) {
            problems.add(variable + " is not set (property " + key + ")");
        }
        return value;
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
