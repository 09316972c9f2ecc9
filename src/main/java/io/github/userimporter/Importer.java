package io.github.userimporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.ExchangeProperty;
import org.apache.commons.csv.CSVFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, finishes and stops the import of each input file. The route calls it around the rows: {@link #begin} before
 * the first, {@link #count} after each outcome is written, {@link #finish} after the last.
 */
public final class Importer {

    /** The exchange property that carries the current {@link Import}. */
    public static final String IMPORT = "import";
    /** The exchange property that carries the current import's ID. */
    public static final String IMPORT_ID = "importId";
    /** Columns of {@code .succeeded.csv}; the route writes rows with the same list. */
    public static final String SUCCEEDED_COLUMNS = "emailAddress,products,accountId,line";
    /** Columns of {@code .failed.csv}; {@code emailAddress,products} first, so it can be dropped back in the inbox. */
    public static final String FAILED_COLUMNS = "emailAddress,products,status,error,line";

    static final String SUCCEEDED = ".succeeded.csv";
    static final String FAILED = ".failed.csv";
    static final String SUMMARY = ".summary.json";
    /** The outbox folder that holds an import's results until it finishes; the route writes rows there too. */
    static final String STAGING = ".importing";
    /** Where the consumer moves an input once imported, as {@code <import id>.csv}. */
    static final String ARCHIVE = ".done";
    /** Where a rejected input goes, with a {@code .error.txt} beside it. */
    static final String REJECTED = ".error";

    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path outbox;
    private final Path inbox;
    private final boolean dryRun;
    private final Run run;
    private final InboxFilter inboxFilter;
    private final Duration progressInterval;
    private final Duration siteRetryInterval;
    private final ScheduledExecutorService progressReports = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "import-progress");
        thread.setDaemon(true);
        return thread;
    });

    public Importer(Settings settings, Run run, InboxFilter inboxFilter) {
        this.progressInterval = settings.progressInterval();
        this.siteRetryInterval = settings.siteRetryInterval();
        this.outbox = settings.outbox();
        this.inbox = settings.inbox();
        this.dryRun = settings.dryRun();
        this.run = run;
        this.inboxFilter = inboxFilter;
    }

    /** Names the import and creates its outputs, headers only, in a staging folder inside the outbox. */
    public void begin(Exchange exchange) throws IOException {
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        inboxFilter.taking(exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class));
        Import started = newImport(fileName);
        OwnerOnly.createDirectories(started.getStaging());
        writeHeader(started.getStaging().resolve(started.getId() + SUCCEEDED), SUCCEEDED_COLUMNS);
        writeHeader(started.getStaging().resolve(started.getId() + FAILED), FAILED_COLUMNS);
        run.began();
        exchange.setProperty(IMPORT, started);
        // A plain value for the per-row output file names, which would otherwise call getId() on every row
        exchange.setProperty(IMPORT_ID, started.getId());
        long every = progressInterval.toMillis();
        started.reportingWith(progressReports.scheduleAtFixedRate(() -> LOG.info("{}", started.progress()), every,
                every, TimeUnit.MILLISECONDS));
        LOG.info("Importing {} as {}", fileName, started.getId());
    }

    public void count(@ExchangeProperty(IMPORT) Import current, @ExchangeProperty("outcome") Outcome outcome) {
        current.count(outcome);
    }

    /** A row could not go on: the import stops reading rows, and {@link #finish} raises the reason. */
    public void rowStopped(@ExchangeProperty(IMPORT) Import current,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception reason) {
        current.stop(reason);
    }

    /**
     * Writes the summary and moves all three outputs into the outbox. Only after this returns does the consumer
     * archive the input. An import a row stopped raises that row's reason instead.
     */
    public Summary finish(@ExchangeProperty(IMPORT) Import done) throws Exception {
        if (done.stopping()) {
            throw done.stoppedBy();
        }
        done.stopReporting();
        Instant finishedAt = Instant.now();
        String id = done.getId();
        Summary summary = new Summary(done.getFileName(), id, done.succeeded() + done.failed(), done.succeeded(),
                done.failed(), done.retries(), done.rateLimitedCount(), dryRun, done.startedAt().toString(),
                finishedAt.toString(), Duration.between(done.startedAt(), finishedAt).toMillis(), id + SUCCEEDED,
                id + FAILED);
        Path staging = done.getStaging();
        OwnerOnly.writeString(staging.resolve(id + SUMMARY), JSON.writeValueAsString(summary));
        // The summary goes last: its presence says the other two are complete
        for (String output : new String[] {SUCCEEDED, FAILED, SUMMARY}) {
            Files.move(staging.resolve(id + output), outbox.resolve(id + output), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.delete(staging);
        inboxFilter.consumed(done.getFileName());
        LOG.info("{} {}: {} rows, {} succeeded, {} failed in {} ms; results in {}",
                dryRun ? "Dry run of" : "Imported", summary.file(), summary.rows(), summary.succeeded(),
                summary.failed(), summary.durationMillis(), outbox.resolve(id + ".*"));
        if (run.isDemo()) {
            System.out.println(JSON.writeValueAsString(summary));
        }
        run.imported(summary);
        run.ended();
        return summary;
    }

    /**
     * Sets aside a file that cannot be imported at all: no row of it was posted. It goes to the inbox's
     * {@code .error} folder with a {@code .error.txt} that says why.
     */
    public void reject(Exchange exchange) throws IOException {
        Import rejected = exchange.getProperty(IMPORT, Import.class);
        rejected.stopReporting();
        String reason = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage();
        deleteTree(rejected.getStaging());
        Path errors = OwnerOnly.createDirectories(inbox.resolve(REJECTED));
        OwnerOnly.writeString(errors.resolve(rejected.getId() + ".error.txt"), rejected.getFileName()
                + " was not imported and no row of it was posted." + System.lineSeparator() + reason
                + System.lineSeparator());
        rejected.rejectedTo(REJECTED + "/" + rejected.getId() + ".csv");
        inboxFilter.consumed(rejected.getFileName());
        LOG.error("Rejected {}, moved to {}: {}", rejected.getFileName(), inbox.resolve(REJECTED), reason);
        run.rejected();
        run.ended();
    }

    /**
     * Stops an import that cannot go on: discards its partial results, leaves the input in the inbox for a later
     * try and says why in one line. The exception stays on the exchange, so the input is not archived.
     */
    public void stop(Exchange exchange) throws IOException {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable cause = caught;
        // Camel wraps what a processor raised on the way out of some EIPs
        while (cause instanceof CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Import stopped = exchange.getProperty(IMPORT, Import.class);
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (stopped != null) {
            stopped.stopReporting();
            deleteTree(stopped.getStaging());
            run.ended();
        }
        String retry = run.isOnce() ? "it stays in the inbox"
                : "it stays in the inbox and is tried again in " + siteRetryInterval.toSeconds() + " s";
        if (cause instanceof SiteUnavailableException) {
            LOG.error("Import of {} stopped, {}: {}", fileName, retry, cause.getMessage());
        } else {
            LOG.error("Import of {} stopped, {}: {}", fileName, retry, cause, cause);
        }
        inboxFilter.holdBack(exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class),
                siteRetryInterval);
        run.stopped();
        exchange.setException(caught);
    }

    private synchronized Import newImport(String fileName) {
        String base = fileName.replaceFirst("(?i)\\.csv$", "");
        String id = base + "-" + STAMP.format(Instant.now());
        // The same name dropped twice in one second must not share outputs
        for (int n = 2; taken(id); n++) {
            id = base + "-" + STAMP.format(Instant.now()) + "-" + n;
        }
        return new Import(id, fileName, outbox.resolve(STAGING).resolve(id));
    }

    private boolean taken(String id) {
        return Files.exists(outbox.resolve(id + SUMMARY)) || Files.exists(outbox.resolve(STAGING).resolve(id))
                || Files.exists(inbox.resolve(ARCHIVE).resolve(id + ".csv"))
                || Files.exists(inbox.resolve(REJECTED).resolve(id + ".csv"));
    }

    private static void writeHeader(Path file, String columns) throws IOException {
        OwnerOnly.writeString(file, CSVFormat.DEFAULT.format((Object[]) columns.split(",")) + "\r\n");
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
