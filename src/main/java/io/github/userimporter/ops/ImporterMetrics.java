package io.github.userimporter.ops;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;

/**
 * The importer's own Prometheus metrics, served with Camel's at {@code /observe/metrics}. docs/operating.md lists
 * them under the names Prometheus shows ({@code importer_rows_total}, ...).
 */
public final class ImporterMetrics {

    /** The exchange property that holds when the current request went out, in {@link System#nanoTime()}. */
    private static final String SENT_AT = "requestSentAt";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter retries;
    private final Counter rateLimited;
    private final Counter nearLimit;
    private final Counter rowsSucceeded;
    private final Counter rowsFailed;
    private final Counter rowsScheduled;
    private final Counter offboarded;
    private final Counter sftpFilesFetched;
    private final Counter sftpBytesFetched;
    private final Counter sftpConnectionFailures;
    private final Counter sftpResultsUploaded;
    /** By HTTP status: built once each, not on every request. */
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();

    public ImporterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rowsSucceeded = rows("succeeded");
        this.rowsFailed = rows("failed");
        this.rowsScheduled = rows("scheduled");
        this.offboarded = Counter.builder("importer.offboarded").description("Leavers offboarded, or found with no "
                + "account to take access from").register(registry);
        this.retries = Counter.builder("importer.retries").description("Requests sent again after a transient "
                + "failure").register(registry);
        this.rateLimited = Counter.builder("importer.rate.limited").description("Answers of 429, or 503 with "
                + "Retry-After").register(registry);
        this.nearLimit = Counter.builder("importer.near.limit").description("Answers that said "
                + "X-RateLimit-NearLimit: under a fifth of a rate-limit budget left").register(registry);
        this.sftpFilesFetched = Counter.builder("importer.sftp.files.fetched").description("Files fetched from the "
                + "SFTP server").register(registry);
        this.sftpBytesFetched = Counter.builder("importer.sftp.fetched").description("Bytes of the files fetched "
                + "from the SFTP server").baseUnit("bytes").register(registry);
        this.sftpConnectionFailures = Counter.builder("importer.sftp.connection.failures").description("Polls and "
                + "uploads that could not use the SFTP server").register(registry);
        this.sftpResultsUploaded = Counter.builder("importer.sftp.results.uploaded").description("Imports whose "
                + "results were uploaded to the SFTP server").register(registry);
        Gauge.builder("importer.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Create-user requests sent and not yet answered").register(registry);
    }

    /**
     * The progress of the files being imported, asked for when Prometheus scrapes. The gauges hold the suppliers
     * strongly: Micrometer's default weak reference would let a lambda be collected, and the gauge read NaN.
     */
    public void watchImports(LongSupplier rows, LongSupplier rowsDone) {
        Gauge.builder("importer.file.rows", rows, LongSupplier::getAsLong).strongReference(true)
                .description("Rows of the files being imported").register(registry);
        Gauge.builder("importer.file.rows.done", rowsDone, LongSupplier::getAsLong).strongReference(true)
                .description("Rows of the files being imported that have an outcome").register(registry);
    }

    /** How fast and how many at once the importer sends now, as the site's answers have taught it. */
    public void watchPacing(String endpoint, DoubleSupplier rate, IntSupplier window) {
        Gauge.builder("importer.send.rate", rate, DoubleSupplier::getAsDouble).strongReference(true)
                .tag("endpoint", endpoint).description("Requests a second the importer allows itself now")
                .register(registry);
        Gauge.builder("importer.window", window, IntSupplier::getAsInt).strongReference(true)
                .tag("endpoint", endpoint).description("Requests the importer allows out at once now")
                .register(registry);
    }

    /** Whether this instance is the one that imports, where several share the folders. */
    public void watchRole(BooleanSupplier leader) {
        Gauge.builder("importer.cluster.leader", leader, supplier -> supplier.getAsBoolean() ? 1 : 0)
                .strongReference(true).description("1 while this instance is the leader that takes files, 0 while "
                        + "it stands by").register(registry);
    }

    /** A create-user request is about to go out. */
    public void requestSent(Exchange exchange) {
        inFlight.incrementAndGet();
        exchange.setProperty(SENT_AT, System.nanoTime());
    }

    /** The request of {@link #requestSent} is over: answered (with the status as its tag) or not. */
    public void requestEnded(Exchange exchange) {
        Long sentAt = exchange.getProperty(SENT_AT, Long.class);
        if (sentAt == null) {
            return;
        }
        exchange.removeProperty(SENT_AT);
        inFlight.decrementAndGet();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        requests.computeIfAbsent(status == null ? "none" : status.toString(), tag -> Timer.builder("importer.requests")
                .description("Create-user requests by HTTP status ('none': no answer)").tag("status", tag)
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry)).record(System.nanoTime() - sentAt, TimeUnit.NANOSECONDS);
    }

    /** @param offboarded whether the row was a leaver's, offboarded */
    public void rowWritten(boolean succeeded, boolean offboarded) {
        (succeeded ? rowsSucceeded : rowsFailed).increment();
        if (offboarded) {
            this.offboarded.increment();
        }
    }

    /** A join was scheduled for its start date. */
    public void rowScheduled() {
        rowsScheduled.increment();
    }

    public void retried() {
        retries.increment();
    }

    /** The site answered that less than a fifth of a rate-limit budget is left. */
    public void nearLimit() {
        nearLimit.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    /** A file left the inbox or was put back: {@code imported}, {@code rejected}, {@code skipped} or {@code stopped}. */
    public void file(String result) {
        Counter.builder("importer.files").description("Input files by what became of them").tag("result", result)
                .register(registry).increment();
    }

    /** An export was fetched from the SFTP server into the inbox. */
    public void sftpFetched(long bytes) {
        sftpFilesFetched.increment();
        sftpBytesFetched.increment(bytes);
    }

    /** Listing the remote folder or uploading to it failed: the server was down, refused us, or its key changed. */
    public void sftpConnectionFailed() {
        sftpConnectionFailures.increment();
    }

    /** One import's results are on the SFTP server. */
    public void sftpResultsUploaded() {
        sftpResultsUploaded.increment();
    }

    private Counter rows(String outcome) {
        return Counter.builder("importer.rows").description("Rows written to the succeeded or failed file")
                .tag("outcome", outcome).register(registry);
    }
}
