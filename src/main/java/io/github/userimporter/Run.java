package io.github.userimporter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.userimporter.imports.ImportListener;
import io.github.userimporter.imports.Importer;
import io.github.userimporter.imports.Summary;
import io.github.userimporter.report.ReportInput;
import io.github.userimporter.inbox.InboxFilter;
import io.github.userimporter.mail.MailQueue;
import io.github.userimporter.ops.ControlCharacterEscaping;
import io.github.userimporter.sftp.SftpConnection;
import io.github.userimporter.site.Preflight;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the importer, from start to stop: how it was started, when a {@code --once} run is over, and what its
 * files came to, which decides the exit code.
 */
public final class Run implements ImportListener {

    /** Every row of every file succeeded (or the inbox was empty; or the demo did what it shows). */
    public static final int ALL_SUCCEEDED = 0;
    /** At least one row failed, or a file was rejected as a whole. */
    public static final int ROWS_FAILED = 1;
    /** The importer could not do its job: bad configuration, a site that took no row, a file that never settled. */
    public static final int COULD_NOT_RUN = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private final Options options;
    private final Runnable stop;
    private final List<FileResult> results = new CopyOnWriteArrayList<>();
    /** Files a {@code --once} run saw waiting to settle, and since when ({@link System#nanoTime()}). */
    private final Map<String, Long> settlingSince = new ConcurrentHashMap<>();
    /** What the run watches, once the beans exist; null until then. */
    private volatile Watched watched;

    /**
     * How the run was started.
     *
     * @param once whether the run ends once the inbox holds no file it has not tried ({@code --once})
     * @param demo whether the run is against the built-in simulator ({@code --demo})
     * @param json whether the closing report is JSON for scripts ({@code --json})
     * @param terminal whether standard output is a terminal, where each file's progress is redrawn in place
     */
    public record Options(boolean once, boolean demo, boolean json, boolean terminal) {
    }

    /**
     * What decides when a {@code --once} run ends, and what it prints.
     *
     * @param report   the closing report; null where JSON log lines own standard output
     * @param progress each file's progress line on a terminal; null elsewhere
     * @param sftp     the SFTP server exports are fetched from; null without one
     */
    private record Watched(Preflight preflight, Importer importer, InboxFilter inbox, Duration settleTimeout,
            RunReport report, TerminalProgress progress, SftpConnection sftp, MailQueue mail) {
    }

    /** @param stop stops the run */
    public Run(Options options, Runnable stop) {
        this.options = options;
        this.stop = stop;
    }

    public Options options() {
        return options;
    }

    /**
     * The beans exist: from now on the run follows them.
     *
     * @param sftp the SFTP server a {@code --once} run fetches from once, and uploads its results to before it
     *             ends; null without one
     */
    void watching(Settings settings, Preflight preflight, Importer importer, InboxFilter inbox, SftpConnection sftp,
            MailQueue mail) {
        // A log shipper reads JSON log lines on standard output: a report for people would break them
        RunReport report = settings.jsonLog() && !options.json() ? null
                : new RunReport(settings.folders().inbox(), settings.folders().outbox());
        TerminalProgress progress = options.once() && options.terminal() && !options.json()
                ? new TerminalProgress(importer, System.out) : null;
        watched = new Watched(preflight, importer, inbox, settings.inbox().settleTimeout(), report, progress, sftp,
                mail);
    }

    /** The run is over: the progress lines make way for the closing report of a {@code --once} or demo run. */
    void ended(PrintStream out) {
        Watched run = watched;
        if (run == null) {
            return;
        }
        if (run.progress() != null) {
            run.progress().close();
        }
        if (run.report() != null && (options.once() || options.demo())) {
            run.report().print(results(), options.json(), out);
        }
    }

    /**
     * Called by the inbox consumer when a poll started no import. Rows are posted on other threads, and a file still
     * settling makes a poll look idle too, so a {@code --once} run ends only when no import is in progress and no
     * file waits to settle; or at once when the site refused the preflight.
     */
    public void inboxDrained() {
        Watched run = watched;
        if (run == null) {
            return;
        }
        nameStrays(run.inbox());
        if (!options.once()) {
            return;
        }
        if (run.preflight().failed()) {
            notTaken(run.inbox(), run.preflight().problem());
            stop.run();
        } else if (run.preflight().passed() && run.importer().inProgress().isEmpty() && !filesSettling(run)
                && sftpDone(run.sftp()) && !run.mail().hasUntried()) {
            stop.run();
        }
    }

    /**
     * Whether the SFTP server has been listed once (a fetched export is then in the inbox) and this run's results
     * have been uploaded, or tried once: a failed upload is tried again by the next run.
     */
    private boolean sftpDone(SftpConnection sftp) {
        if (sftp == null) {
            return true;
        }
        return sftp.polls() > 0 && results.stream().filter(result -> result.summary() != null)
                .allMatch(result -> sftp.uploadTried(result.summary().importId()));
    }

    /** The files a {@code --once} run leaves in the inbox because the site could not be used, and why. */
    private void notTaken(InboxFilter inbox, String problem) {
        List<String> waiting;
        try {
            waiting = inbox.waiting();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the inbox", e);
        }
        for (String file : waiting) {
            if (results.stream().noneMatch(result -> result.file().equals(file))) {
                stopped(file, "not taken, it stays in the inbox: " + problem);
            }
        }
    }

    /** Whether a file waits to settle; one that keeps changing past the settle timeout is given up on. */
    private boolean filesSettling(Watched run) {
        InboxFilter inbox = run.inbox();
        Duration settleTimeout = run.settleTimeout();
        List<String> waiting;
        try {
            waiting = inbox.waiting();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the inbox", e);
        }
        settlingSince.keySet().retainAll(waiting);
        long now = System.nanoTime();
        boolean settling = false;
        for (String file : waiting) {
            long since = settlingSince.computeIfAbsent(file, name -> now);
            if (now - since <= settleTimeout.toNanos()) {
                settling = true;
                continue;
            }
            String reason = "it was still changing after " + settleTimeout.toSeconds() + " s (IMPORTER_SETTLE_TIMEOUT)"
                    + "; it stays in the inbox";
            LOG.error("{} was not imported: {}", file, reason);
            inbox.holdBack(file, Duration.ZERO);
            stopped(file, reason);
        }
        return settling;
    }

    @Override
    public void imported(Summary summary, ReportInput report) {
        results.add(FileResult.imported(summary));
    }

    @Override
    public void skipped(Summary summary) {
        results.add(FileResult.skipped(summary));
    }

    @Override
    public void rejected(String fileName, String reason) {
        results.add(FileResult.rejected(fileName, reason));
    }

    @Override
    public void stopped(String fileName, String reason) {
        results.add(FileResult.stopped(fileName, reason));
    }

    /** Names once each file in the inbox that will never be taken; a {@code --once} run reports it, and exits 1. */
    private void nameStrays(InboxFilter inbox) {
        try {
            inbox.newStrays().forEach((file, reason) -> {
                LOG.warn("{} is not imported: {}; it stays in the inbox", ControlCharacterEscaping.escape(file),
                        reason);
                results.add(FileResult.ignored(file, reason));
            });
        } catch (IOException e) {
            LOG.warn("The inbox could not be listed: {}", e.getMessage());
        }
    }

    /** What became of each file, in the order they ended. */
    public List<FileResult> results() {
        return List.copyOf(results);
    }

    public int exitCode() {
        Watched run = watched;
        if (run != null && (run.preflight().failed() || run.sftp() != null && run.sftp().problem() != null)
                || has("stopped")) {
            return COULD_NOT_RUN;
        }
        boolean failed = has("rejected") || has("ignored") || results.stream().anyMatch(result -> result.summary() != null
                && result.summary().failed() > 0);
        return failed ? ROWS_FAILED : ALL_SUCCEEDED;
    }

    private boolean has(String result) {
        return results.stream().anyMatch(file -> file.result().equals(result));
    }
}
