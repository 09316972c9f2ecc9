package io.github.userimporter.mail;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The SMTP server the importer's mail goes through, and what is sent to whom. {@code smtp://} must offer STARTTLS
 * (plain only to a loopback address, or when told it may be); {@code smtps://} is TLS from the first byte.
 *
 * @param protocol       {@code smtp} or {@code smtps}
 * @param host           the server
 * @param port           its port
 * @param user           the login, or empty for none
 * @param password       its password, read from a file; never shown
 * @param from           the sender's address
 * @param to             the recipients' addresses
 * @param onlyFailures   mail only imports with failed rows, or that stopped (alerts go out whatever this says)
 * @param plainAllowed   whether {@code smtp://} may go on without STARTTLS
 * @param retryInterval  how long after a first failure a message is tried again; each later wait doubles, up to an hour
 * @param giveUp         how long a message that cannot be sent is kept trying
 */
public record MailSettings(String protocol, String host, int port, String user, String password, String from,
        List<String> to, boolean onlyFailures, boolean plainAllowed, Duration retryInterval, Duration giveUp) {

    /** Waits between tries grow to this and no more. */
    static final Duration LONGEST_WAIT = Duration.ofHours(1);

    /**
     * Reads {@code smtp://host:587} or {@code smtps://host:465}.
     *
     * @param allowInsecure whether plain SMTP may go to a host that is not on loopback
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    public static MailSettings fromUrl(String url, String user, String password, String from, List<String> to,
            boolean onlyFailures, boolean allowInsecure, Duration retryInterval, Duration giveUp) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be smtp://host:587 or smtps://host:465, not '" + url + "'");
        }
        if (!"smtp".equals(uri.getScheme()) && !"smtps".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getPath() != null && !uri.getPath().isEmpty() || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("must be smtp://host:587 or smtps://host:465 (the login goes in "
                    + "IMPORTER_MAIL_USER), not '" + url + "'");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "smtps".equals(uri.getScheme()) ? 465 : 587;
        return new MailSettings(uri.getScheme(), uri.getHost(), port, user, password, from, List.copyOf(to),
                onlyFailures, allowInsecure || isLoopback(uri.getHost()), retryInterval, giveUp);
    }

    /** The endpoint the sending route sends through; the login is the component's, never in a URI. */
    public String uri() {
        return protocol + "://" + host + ":" + port + "?contentType=text/html;charset=UTF-8&connectionTimeout=10000";
    }

    /** Jakarta Mail's settings for the transport: STARTTLS always tried, and required unless plain is allowed. */
    public Properties javaMailProperties() {
        Properties properties = new Properties();
        if ("smtp".equals(protocol)) {
            properties.setProperty("mail.smtp.starttls.enable", "true");
            properties.setProperty("mail.smtp.starttls.required", String.valueOf(!plainAllowed));
        }
        properties.setProperty("mail." + protocol + ".timeout", "30000");
        properties.setProperty("mail." + protocol + ".writetimeout", "30000");
        return properties;
    }

    /** The wait before try number {@code attempt + 1}, after {@code attempt} failed. */
    Duration waitAfter(int attempt) {
        Duration wait = retryInterval.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    @Override
    public String toString() {
        return "MailSettings[" + protocol + "://" + host + ":" + port + ", user=" + user + ", to=" + to + "]";
    }
}
