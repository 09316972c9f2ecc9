package io.github.userimporter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the importer, from start to stop: how it was started and what its imports came to, which decides the
 * exit code of {@code --once}.
 */
public final class Run {

    /** Every row of every file succeeded. */
    public static final int ALL_SUCCEEDED = 0;
    /** At least one row failed, or a file was rejected as a whole. */
    public static final int ROWS_FAILED = 1;
    /** The importer could not do its job: bad configuration, or a site that took no row. */
    public static final int COULD_NOT_RUN = 2;

    private final boolean once;
    private final boolean demo;
    private final Runnable stop;
    private final AtomicInteger filesWithFailures = new AtomicInteger();
    private final AtomicInteger filesStopped = new AtomicInteger();
    private final AtomicInteger filesRejected = new AtomicInteger();
    private final AtomicInteger importsInProgress = new AtomicInteger();
    private volatile Preflight preflight;

    /**
     * @param once whether the run ends once the inbox holds no file it has not tried
     * @param demo whether the run is against the built-in simulator, printing each summary
     * @param stop stops the run
     */
    public Run(boolean once, boolean demo, Runnable stop) {
        this.once = once;
        this.demo = demo;
        this.stop = stop;
    }

    public boolean isOnce() {
        return once;
    }

    public boolean isDemo() {
        return demo;
    }

    void checkedBy(Preflight check) {
        preflight = check;
    }

    /**
     * Called by the inbox consumer when a poll finds nothing to take. Rows are posted on other threads, so the
     * consumer polls again while a file is still being imported; a {@code --once} run ends only when none is, or
     * at once when the site refused the preflight.
     */
    public void inboxDrained() {
        if (once && (preflight.failed() || preflight.passed() && importsInProgress.get() == 0)) {
            stop.run();
        }
    }

    void began() {
        importsInProgress.incrementAndGet();
    }

    /** An import that began has ended, whatever its outcome. */
    void ended() {
        importsInProgress.decrementAndGet();
    }

    void imported(Summary summary) {
        if (summary.failed() > 0) {
            filesWithFailures.incrementAndGet();
        }
    }

    void rejected() {
        filesRejected.incrementAndGet();
    }

    void stopped() {
        filesStopped.incrementAndGet();
    }

    public int exitCode() {
        if (filesStopped.get() > 0 || preflight != null && preflight.failed()) {
            return COULD_NOT_RUN;
        }
        return filesWithFailures.get() + filesRejected.get() > 0 ? ROWS_FAILED : ALL_SUCCEEDED;
    }
}
