package io.github.userimporter;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.userimporter.imports.Import;
import io.github.userimporter.imports.Importer;
import io.github.userimporter.ops.ControlCharacterEscaping;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress line per file, redrawn in place, for a {@code --once} run on a terminal: rows done of all, percent, rows
 * per second and time left. The first pass over each file already counted its rows.
 */
final class TerminalProgress implements AutoCloseable {

    private static final long REDRAW_MILLIS = 200;

    private final Importer importer;
    private final PrintStream out;
    /** By import id: the import a line shows, and its line. */
    private final Map<String, Shown> bars = new HashMap<>();
    private final ScheduledExecutorService redraw = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "terminal-progress");
        thread.setDaemon(true);
        return thread;
    });

    TerminalProgress(Importer importer, PrintStream out) {
        this.importer = importer;
        this.out = out;
        redraw.scheduleWithFixedDelay(this::update, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void update() {
        Map<String, Import> running = new HashMap<>();
        importer.inProgress().forEach(current -> running.put(current.getId(), current));
        bars.entrySet().removeIf(shown -> !running.containsKey(shown.getKey()) && shown.getValue().last());
        running.forEach((id, current) -> bars.computeIfAbsent(id, bar -> new Shown(current, new ProgressBarBuilder()
                .setTaskName(ControlCharacterEscaping.escape(current.getFileName()))
                .setInitialMax(current.getInspection().rows()).setStyle(ProgressBarStyle.ASCII).showSpeed()
                .setUnit(" rows", 1).setUpdateIntervalMillis((int) REDRAW_MILLIS)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build())).bar().stepTo(current.done()));
    }

    @Override
    public synchronized void close() {
        redraw.shutdownNow();
        // An import that ended since the last redraw: its last line says what it did, not what it had done then
        bars.values().forEach(Shown::last);
        bars.clear();
    }

    private record Shown(Import current, ProgressBar bar) {

        /** Draws the line one last time, with the rows the import did, and leaves it. */
        boolean last() {
            bar.stepTo(current.done());
            bar.close();
            return true;
        }
    }
}
