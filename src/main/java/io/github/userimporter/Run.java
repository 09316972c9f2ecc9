package io.github.userimporter;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.userimporter.imports.ImportListener;
import io.github.userimporter.imports.Importer;
import io.github.userimporter.imports.Summary;
import io.github.userimporter.site.Preflight;

/**
 * One run of the importer, from start to stop: how it was started and what its imports came to, which decides the
 * exit code of {@code --once}.
 */
public final class Run implements ImportListener {

    /** Every row of every file succeeded. */
    public static final int ALL_SUCCEEDED = 0;
    /** At least one row failed, or a file was rejected as a whole. */
    public static final int ROWS_FAILED = 1;
    /** The importer could not do its job: bad configuration, or a site that took no row. */
    public static final int COULD_NOT_RUN = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final boolean once;
    private final boolean demo;
    private final Runnable stop;
    private final AtomicInteger filesWithFailures = new AtomicInteger();
    private final AtomicInteger filesStopped = new AtomicInteger();
    private final AtomicInteger filesRejected = new AtomicInteger();
    private volatile Preflight preflight;
    private volatile Importer importer;

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

    void watching(Importer imports) {
        importer = imports;
    }

    /**
     * Called by the inbox consumer when a poll finds nothing to take. Rows are posted on other threads, so the
     * consumer polls again while a file is still being imported; a {@code --once} run ends only when none is, or
     * at once when the site refused the preflight.
     */
    public void inboxDrained() {
        if (once && (preflight.failed() || preflight.passed() && importer.inProgress().isEmpty())) {
            stop.run();
        }
    }

    @Override
    public void imported(Summary summary) {
        if (summary.failed() > 0) {
            filesWithFailures.incrementAndGet();
        }
        printInDemo(summary);
    }

    @Override
    public void skipped(Summary summary) {
        printInDemo(summary);
    }

    @Override
    public void rejected(String fileName, String reason) {
        filesRejected.incrementAndGet();
    }

    @Override
    public void stopped(String fileName, String reason) {
        filesStopped.incrementAndGet();
    }

    public int exitCode() {
        if (filesStopped.get() > 0 || preflight != null && preflight.failed()) {
            return COULD_NOT_RUN;
        }
        return filesWithFailures.get() + filesRejected.get() > 0 ? ROWS_FAILED : ALL_SUCCEEDED;
    }

    private void printInDemo(Summary summary) {
        if (demo) {
            try {
                System.out.println(JSON.writeValueAsString(summary));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a summary is plain data", e);
            }
        }
    }
}
