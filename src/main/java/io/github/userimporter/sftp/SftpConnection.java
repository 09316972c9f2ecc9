package io.github.userimporter.sftp;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.userimporter.ops.ImporterMetrics;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the importer knows of the SFTP server: whether the last poll or upload reached it, and if not why, in words
 * an operator can act on. The fetching consumer reports its polls here (as its poll strategy and exception handler);
 * the upload route reports its uploads. A failure is logged once when it starts or changes, not on every poll.
 */
public final class SftpConnection implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpConnection.class);

    private final SftpSettings sftp;
    private final ImporterMetrics metrics;
    /** Why the server was not usable last time; null while it is. */
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final java.util.function.Consumer<String> alerts;
    private final AtomicInteger polls = new AtomicInteger();
    /** Imports whose results an upload was tried for, by their summary's name. */
    private final Set<String> uploadsTried = ConcurrentHashMap.newKeySet();
    private final boolean uploads;

    /** @param alerts told once of each problem a person must fix: a host key refused */
    public SftpConnection(SftpSettings sftp, ImporterMetrics metrics,
            java.util.function.Consumer<String> alerts) {
        this.sftp = sftp;
        this.metrics = metrics;
        this.alerts = alerts;
        this.uploads = sftp.resultsFolder() != null;
    }

    /** Polls of the remote folder so far, failed ones included. */
    public int polls() {
        return polls.get();
    }

    /** Whether the results of the import were uploaded or tried to be; always true where none are uploaded. */
    public boolean uploadTried(String importId) {
        return !uploads || uploadsTried.contains(importId + ResultsUpload.SUMMARY);
    }

    /** Why the server cannot be used now, or null. */
    public String problem() {
        return problem.get();
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        reached();
        polls.incrementAndGet();
    }

    /** A poll failed: the consumer tries again at the next poll, not at once, and hands the failure to us. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        failed("fetching exports", exception);
        polls.incrementAndGet();
    }

    /** The results of one import are on the server. */
    public void uploaded(Exchange exchange) {
        reached();
        metrics.sftpResultsUploaded();
        uploadsTried.add(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
    }

    /** Uploading results failed; they stay in the outbox and are uploaded at a later poll. */
    public void uploadFailed(Exchange exchange) {
        failed("uploading results", exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        uploadsTried.add(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
    }

    private void reached() {
        if (problem.getAndSet(null) != null) {
            LOG.info("SFTP server {} is reachable again", sftp.server());
        }
    }

    private void failed(String doing, Throwable cause) {
        metrics.sftpConnectionFailed();
        String failure = doing + " failed: " + reason(cause);
        String before = problem.getAndSet(failure);
        if (!failure.equals(before)) {
            LOG.error("SFTP server {}: {}; tried again every {} s, the local inbox keeps working", sftp.server(),
                    failure, sftp.pollInterval().toSeconds());
            if (failure.contains("host key")) {
                alerts.accept("SFTP server " + sftp.server() + ": " + failure);
            }
        } else {
            LOG.debug("SFTP server {}: {} again", sftp.server(), failure);
        }
    }

    /** What went wrong, from the innermost cause that says; never holds the key or password. */
    private String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("hostkey has been changed")) {
                return "its host key has CHANGED from the one in IMPORTER_SFTP_KNOWN_HOSTS (" + sftp.knownHosts()
                        + "), so the importer refuses to connect: someone may be in between. If the server's key "
                        + "was replaced on purpose, put its new key in that file";
            }
            if (lower.contains("reject hostkey") || lower.contains("unknownhostkey")) {
                return "its host key is not in IMPORTER_SFTP_KNOWN_HOSTS (" + sftp.knownHosts() + "), so the "
                        + "importer refuses to connect; add it (ssh-keyscan -p " + sftp.port() + " " + sftp.host()
                        + ") after checking its fingerprint with the server's owner";
            }
            if (lower.contains("auth fail") || lower.contains("auth cancel")) {
                return "it refused the login of " + sftp.user() + " with the "
                        + (sftp.privateKeyFile() != null ? "key in IMPORTER_SFTP_PRIVATE_KEY_FILE"
                                : "password in IMPORTER_SFTP_PASSWORD_FILE");
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException) {
                return "it cannot be reached (" + cause.getClass().getSimpleName() + ": " + message + ")";
            }
            if (lower.contains("no such file") && cause.getCause() == null) {
                return "a folder is missing or not readable: " + message + " (the path in IMPORTER_SFTP_URL is "
                        + "taken from the login's home folder; sftp://" + sftp.user() + "@" + sftp.host()
                        + "//srv/exports, with two slashes, names an absolute one)";
            }
        }
        Throwable innermost = failure;
        while (innermost != null && innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return innermost == null ? "unknown" : innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
    }
}
