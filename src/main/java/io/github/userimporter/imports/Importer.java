package io.github.userimporter.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.userimporter.inbox.InboxFilter;
import io.github.userimporter.inbox.Inspection;
import io.github.userimporter.inbox.RejectedFileException;
import io.github.userimporter.ops.ImporterMetrics;
import io.github.userimporter.report.ReportInput;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.site.Preflight;
import io.github.userimporter.site.SiteUnavailableException;
import org.apache.camel.Body;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.userimporter.exchange.ExchangeProperties.ARCHIVE_PATH;
import static io.github.userimporter.exchange.ExchangeProperties.IMPORT;
import static io.github.userimporter.exchange.ExchangeProperties.INSPECTION;
import static io.github.userimporter.exchange.ExchangeProperties.OUTCOME;

/**
 * Starts, resumes, finishes and stops the import of each input file. The route calls it around the rows:
 * {@link #begin} before the first, {@link #record} with each outcome, {@link #finish} after the last. Where each
 * import's files are is {@link ImportFiles}'s.
 */
public final class Importer {

    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

    private final Path inbox;
    private final StateFolder state;
    private final Path stateRoot;
    private final ImportFiles files;
    private final boolean dryRun;
    private final boolean reimport;
    private final boolean once;
    private final ImportListener listener;
    private final InboxFilter inboxFilter;
    private final Preflight preflight;
    private final ImporterMetrics metrics;
    private final Schedule schedule;
    private final Duration progressInterval;
    private final Duration siteRetryInterval;
    private final Map<String, Import> inProgress = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final ScheduledExecutorService progressReports = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "import-progress");
        thread.setDaemon(true);
        return thread;
    });

    public Importer(ImportSettings settings, ImportListener listener, InboxFilter inboxFilter, Preflight preflight,
            ImporterMetrics metrics, Schedule schedule) {
        this.schedule = schedule;
        this.progressInterval = settings.progressInterval();
        this.siteRetryInterval = settings.siteRetryInterval();
        this.inbox = settings.inbox();
        this.state = new StateFolder(settings.state());
        this.stateRoot = settings.state();
        this.files = new ImportFiles(settings.inbox(), settings.outbox(), state);
        this.dryRun = settings.dryRun();
        this.reimport = settings.reimport();
        this.once = settings.once();
        this.listener = listener;
        this.inboxFilter = inboxFilter;
        this.preflight = preflight;
        this.metrics = metrics;
    }

    /**
     * Says at start-up which imports a restart will resume, and which wait for an input that is no longer in the
     * inbox (they resume if the same bytes are dropped again; deleting their folder forgets them).
     */
    public void reportUnfinished() throws IOException {
        for (StateFolder.Begun begun : state.unfinished()) {
            if (Files.exists(inbox.resolve(begun.file()))) {
                LOG.info("{} was being imported as {} when the importer stopped; it will be resumed", begun.file(),
                        begun.importId());
            } else {
                LOG.warn("The unfinished import {} waits for {}, which is not in the inbox: drop the same file again "
                        + "to finish it, or delete {} to forget it", begun.importId(), begun.file(),
                        state.staging(begun.importId()).toAbsolutePath());
            }
        }
    }

    /** The imports running now. */
    public Collection<Import> inProgress() {
        return inProgress.values();
    }

    /**
     * Resumes the unfinished import of the same bytes, or names a new import and creates its outputs, headers only,
     * in a staging folder in the state folder.
     *
     * @throws FileAlreadyImportedException when the same bytes were imported before, unless re-import is asked for
     */
    public void begin(Exchange exchange) throws IOException, FileAlreadyImportedException {
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        inboxFilter.taking(fileName);
        Inspection inspection = exchange.getProperty(INSPECTION, Inspection.class);
        Import started = dryRun ? newImport(fileName, inspection) : resumeOrBegin(fileName, inspection);
        schedule.refresh();
        inProgress.put(started.getId(), started);
        exchange.setProperty(IMPORT, started);
        exchange.setProperty(ARCHIVE_PATH, files.archive(started.getId(), started.getFileName()));
        long every = progressInterval.toMillis();
        started.reportingWith(progressReports.scheduleAtFixedRate(() -> LOG.info("{}", started.progress()), every,
                every, TimeUnit.MILLISECONDS));
    }

    private synchronized Import resumeOrBegin(String fileName, Inspection inspection)
            throws IOException, FileAlreadyImportedException {
        String sha256 = inspection.sha256();
        Optional<Summary> earlier = state.finished(sha256);
        if (earlier.isPresent() && !reimport) {
            throw new FileAlreadyImportedException(earlier.get());
        }
        for (Import running : inProgress.values()) {
            if (running.sha256().equals(sha256)) {
                throw new RejectedFileException("it has the same bytes as " + running.getFileName()
                        + ", which is being imported now as " + running.getId());
            }
        }
        Optional<StateFolder.Begun> unfinished = state.unfinished(sha256);
        if (unfinished.isPresent()) {
            String id = unfinished.get().importId();
            Path staging = state.staging(id);
            RecordedRows recorded = files.recorded(id, inspection.exportHeaders());
            LOG.info("Resuming the import of {} as {}: {} rows were done before the importer stopped", fileName, id,
                    recorded.count());
            return new Import(id, fileName, staging, inspection, Instant.parse(unfinished.get().startedAt()),
                    recorded);
        }
        Import started = newImport(fileName, inspection);
        state.begun(new StateFolder.Begun(fileName, started.getId(), sha256, started.startedAt().toString()));
        return started;
    }

    private Import newImport(String fileName, Inspection inspection) throws IOException {
        String id = files.newId(fileName);
        Path staging = files.beginJournal(id, inspection.exportHeaders());
        LOG.info("Importing {} as {}", fileName, id);
        return new Import(id, fileName, staging, inspection, Instant.now(), RecordedRows.NONE);
    }

    /**
     * Appends a row's outcome, the CSV record in the body, to its import's journal; the row counts as done once the
     * record is on disk.
     */
    public void record(@ExchangeProperty(IMPORT) Import current, @ExchangeProperty(OUTCOME) Outcome outcome,
            @Body byte[] record) throws ImportPausedException {
        try {
            if (!dryRun) {
                // Before the record: a crash in between sends the row again, and the schedule is the same
                schedule.named(outcome.row(), current.getId());
            }
            current.journal(outcome).append(record);
        } catch (IOException e) {
            // A full disk, most likely: the rows written so far are safe, and the next run resumes after them
            throw new ImportPausedException("its journal cannot be written to the state folder "
                    + stateRoot.toAbsolutePath() + " (" + e.getMessage() + "); the next run resumes the import");
        }
        current.count(outcome);
        if (outcome.isScheduled()) {
            metrics.rowScheduled();
        } else {
            metrics.rowWritten(outcome.succeeded(), outcome.hasLeft());
        }
    }

    /**
     * A row that waited for its turn to be sent while its import stopped is not sent: it stays unwritten, so the next
     * run resumes it. Without this, every row read ahead while the site refused the first would still go out.
     */
    public void sending(@ExchangeProperty(IMPORT) Import current) throws ImportPausedException {
        if (current != null && current.stopping()) {
            throw new ImportPausedException("the import stopped before this row's turn came");
        }
    }

    /**
     * A row whose import was handed over to another instance is not written: the new leader resumes from the shared
     * journal and sends the row again, so that each row has one outcome, written by one instance.
     */
    public void writing(@ExchangeProperty(IMPORT) Import current) throws ImportPausedException {
        if (current.handedOver()) {
            throw new ImportPausedException("this instance is no longer the leader; the new leader sends the row");
        }
    }

    /**
     * This instance is no longer the leader: imports read no further rows and write no further outcomes, for the new
     * leader to resume them from the shared journal.
     */
    public void handOver() {
        inProgress.values().forEach(running -> running.handOver(new ImportPausedException(
                "this instance is no longer the leader; the new leader resumes the import")));
    }

    /** A row could not go on: the import stops reading rows, and {@link #finish} raises the reason. */
    public void rowStopped(@ExchangeProperty(IMPORT) Import current,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception reason) {
        current.stop(reason);
    }

    /**
     * The importer is stopping: imports read no further rows, the rows in flight finish and are written, and each
     * import is left to be resumed by the next start.
     */
    public void pauseAll() {
        stopping = true;
        inProgress.values().forEach(running -> running.stop(
                new ImportPausedException("the importer is stopping; the next start resumes the import")));
    }

    /**
     * Copies the results into the outbox, the summary last, then forgets the import's journal. Only after this
     * returns does the consumer archive the input. An import a row stopped raises that row's reason instead.
     */
    public Summary finish(@ExchangeProperty(IMPORT) Import done) throws Exception {
        if (done.stopping()) {
            throw done.stoppedBy();
        }
        done.stopReporting();
        Instant finishedAt = Instant.now();
        String id = done.getId();
        Summary summary = new Summary(done.getFileName(), id, done.done(), done.succeeded(), done.restored(),
                done.left(), done.skipped(), done.scheduled(), done.failed(), done.failedByReason(), done.plan(),
                done.retries(), done.rateLimitedCount(), dryRun, done.startedAt().toString(), finishedAt.toString(),
                Duration.between(done.startedAt(), finishedAt).toMillis(), id + ImportFiles.SUCCEEDED,
                id + ImportFiles.FAILED, done.scheduled() > 0 ? id + ImportFiles.SCHEDULED : null,
                done.getInspection().mapping(), done.sha256(), null);
        ReportInput report;
        try {
            report = files.publish(done, summary);
        } catch (IOException e) {
            throw new ImportPausedException("its results cannot be written to the outbox "
                    + files.outbox().toAbsolutePath() + " (" + e + "); they are kept in "
                    + done.getStaging().toAbsolutePath());
        }
        if (dryRun) {
            state.discard(id);
        } else {
            if (summary.scheduled() > 0) {
                schedule.keep(id, done.getStaging().resolve(id + ImportFiles.SCHEDULED));
            }
            state.finished(summary);
        }
        inboxFilter.consumed(done.getFileName());
        LOG.info("{} {}: {} rows, {} succeeded, {} failed in {} ms; results in {}",
                dryRun ? "Dry run of" : "Imported", summary.file(), summary.rows(), summary.succeeded(),
                summary.failed(), summary.durationMillis(), files.results(id));
        metrics.file("imported");
        listener.imported(summary, report);
        // Last: a --once run ends when no import is in progress, and by now this one has told all it has to tell
        ended(done);
        return summary;
    }

    /**
     * Sets aside a file whose bytes were imported before: nothing is posted, and its summary points to the earlier
     * results. If the importer stopped after writing those results but before archiving their input, this is that
     * input, and it is archived as the earlier import.
     */
    public void alreadyImported(Exchange exchange) throws IOException {
        Summary earlier = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, FileAlreadyImportedException.class)
                .earlier();
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (earlier.file().equals(fileName) && !files.archived(earlier.importId(), fileName)) {
            LOG.info("{} was imported as {} before the importer stopped; archiving it now", fileName,
                    earlier.importId());
            exchange.setProperty(ARCHIVE_PATH, files.archive(earlier.importId(), fileName));
            return;
        }
        String id = files.newId(fileName);
        Instant now = Instant.now();
        Summary skipped = new Summary(fileName, id, 0, 0, 0, 0, 0, 0, 0, Map.of(), null, 0, 0, false,
                now.toString(), now.toString(), 0, earlier.succeededFile(), earlier.failedFile(),
                earlier.scheduledFile(), earlier.mapping(), earlier.sha256(), earlier.importId());
        files.writeSummary(skipped);
        exchange.setProperty(ARCHIVE_PATH, files.archive(id, fileName));
        inboxFilter.consumed(fileName);
        LOG.warn("{} has the same bytes as {}, imported as {} at {}: not posted again. Its results are {} and {} "
                + "in the outbox; set IMPORTER_REIMPORT=true to import it anyway", fileName, earlier.file(),
                earlier.importId(), earlier.finishedAt(), earlier.succeededFile(), earlier.failedFile());
        metrics.file("skipped");
        listener.skipped(skipped);
    }

    /**
     * Sets aside a file that cannot be imported at all: no row of it was posted. It goes to the inbox's
     * {@code .error} folder with a {@code .error.txt} that says why.
     */
    public void reject(Exchange exchange) throws IOException {
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Import rejected = exchange.getProperty(IMPORT, Import.class);
        String id;
        if (rejected != null) {
            id = rejected.getId();
            rejected.stopReporting();
            state.discard(id);
        } else {
            id = files.newId(fileName);
        }
        String reason = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage();
        exchange.setProperty(ARCHIVE_PATH, files.reject(id, fileName, reason));
        inboxFilter.consumed(fileName);
        LOG.error("Rejected {}, moved to {}: {}", fileName, files.rejectedFolder(), reason);
        metrics.file("rejected");
        listener.rejected(fileName, reason);
        if (rejected != null) {
            ended(rejected);
        }
    }

    /**
     * Stops an import that cannot go on: leaves the input in the inbox and the rows written so far in the state
     * folder, to be resumed, and says why in one line. The exception stays on the exchange, so the input is not
     * archived.
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
        String done = "";
        if (stopped != null) {
            stopped.stopReporting();
            if (dryRun) {
                state.discard(stopped.getId());
            }
            done = " after " + stopped.done() + " rows";
        }
        exchange.setException(caught);
        try {
            stopped(exchange, fileName, done, cause, stopped != null && stopped.handedOver());
        } finally {
            if (stopped != null) {
                ended(stopped);
            }
        }
    }

    private void stopped(Exchange exchange, String fileName, String done, Throwable cause, boolean handedOver) {
        if (stopping || handedOver) {
            LOG.info("Import of {} paused{}: {}", fileName, done, cause.getMessage());
            return;
        }
        String retry = once ? "it stays in the inbox"
                : "it stays in the inbox and is tried again in " + siteRetryInterval.toSeconds() + " s";
        if (cause instanceof SiteUnavailableException && !once) {
            // Health says DOWN and no file is taken until the site accepts the credentials again
            preflight.recheck();
        }
        if (cause instanceof SiteUnavailableException || cause instanceof ImportPausedException) {
            LOG.error("Import of {} stopped{}, {}: {}", fileName, done, retry, cause.getMessage());
        } else {
            LOG.error("Import of {} stopped{}, {}: {}", fileName, done, retry, cause, cause);
        }
        inboxFilter.holdBack(fileName, siteRetryInterval);
        metrics.file("stopped");
        listener.stopped(fileName, cause.getMessage());
    }

    private void ended(Import done) throws IOException {
        inProgress.remove(done.getId());
        done.closeJournal();
    }

}
