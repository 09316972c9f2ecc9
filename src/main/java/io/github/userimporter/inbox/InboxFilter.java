package io.github.userimporter.inbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Decides which inbox files may be taken now: none before the site has accepted the credentials. A file whose
 * import was stopped waits before it is tried again, so a site that is down is not hammered; in a {@code --once}
 * run no file is tried twice; in done-marker mode {@code x.csv} waits for the sender's {@code x.csv.done}.
 */
public final class InboxFilter implements GenericFileFilter<File> {

    static final String DONE_MARKER = ".done";
    /** What uploaders and browsers name a file they are still writing, and Camel a file it is reading. */
    private static final List<String> PARTIAL = List.of(".part", ".filepart", ".tmp", ".crdownload", ".camellock");

    private final boolean once;
    private final BooleanSupplier siteAccepted;
    private final Path inbox;
    private final boolean doneMarker;
    /** By file name: the inbox is one flat folder. */
    private final Set<String> tried = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    /** Files named once as not imported, by name. */
    private final Set<String> strays = ConcurrentHashMap.newKeySet();

    /**
     * @param once         whether this is a {@code --once} run, which tries each file only once
     * @param siteAccepted whether the site has accepted the credentials
     */
    public InboxFilter(boolean once, BooleanSupplier siteAccepted, Path inbox, boolean doneMarker) {
        this.once = once;
        this.siteAccepted = siteAccepted;
        this.inbox = inbox;
        this.doneMarker = doneMarker;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (!siteAccepted.getAsBoolean()) {
            return false;
        }
        String name = file.getFileNameOnly();
        if (!marked(name)) {
            return false;
        }
        if (once) {
            return !tried.contains(name);
        }
        Long until = heldUntil.get(name);
        if (until != null && System.nanoTime() < until) {
            return false;
        }
        heldUntil.remove(name);
        return true;
    }

    /**
     * The files the consumer will take once they have settled: {@code .csv} and {@code .xlsx} files that are not
     * hidden, marked
     * where a marker is needed, and not tried yet in a {@code --once} run. Camel counts a poll that found only files
     * still settling as idle, so a {@code --once} run asks here before it ends.
     */
    public List<String> waiting() throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(name -> isImported(name) && !name.startsWith("."))
                    .filter(name -> marked(name) && !tried.contains(name)).sorted().toList();
        }
    }

    /**
     * The files in the inbox the importer will never take, not named before: neither a CSV file nor one still being
     * uploaded, nor a marker. Without this a workbook dropped beside the exports would wait there unseen.
     *
     * @return each such file's name, and why it is not imported
     */
    public Map<String, String> newStrays() throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(inbox)) {
            files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && !isTaken(name) && strays.add(name))
                    .forEach(name -> found.put(name, "neither a CSV file nor an Excel workbook (.xlsx): save it as CSV "
                            + "UTF-8 or .xlsx and drop that"));
        }
        return found;
    }

    /** Whether the importer takes, or waits for, a file of this name: an import, an upload, a marker. */
    private static boolean isTaken(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return isImported(lower) || isImported(lower.replaceFirst(DONE_MARKER + "$", ""))
                || PARTIAL.stream().anyMatch(lower::endsWith);
    }

    /** Whether a file of this name is imported: a CSV file, or an Excel workbook. */
    private static boolean isImported(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") || lower.endsWith(".xlsx");
    }

    /** The file is being imported; a {@code --once} run takes it only this once. */
    public void taking(String fileName) {
        tried.add(fileName);
    }

    /** Keeps the file out of the next polls for a while; a {@code --once} run does not take it again. */
    public void holdBack(String fileName, Duration delay) {
        tried.add(fileName);
        heldUntil.put(fileName, System.nanoTime() + delay.toNanos());
    }

    /** Writes the marker that lets {@code fileName} be taken in done-marker mode, as a sender would. */
    public static void mark(Path inbox, String fileName) throws IOException {
        Path marker = inbox.resolve(fileName + DONE_MARKER);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    /** The importer put this file in the inbox itself: in done-marker mode it writes the marker a sender would. */
    public void placed(String fileName) throws IOException {
        if (doneMarker) {
            mark(inbox, fileName);
        }
    }

    private boolean marked(String fileName) {
        return !doneMarker || Files.exists(inbox.resolve(fileName + DONE_MARKER));
    }

    /** The file is done with: its sender's marker goes, so that a new file of the same name waits for a new one. */
    public void consumed(String fileName) throws IOException {
        if (doneMarker) {
            Files.deleteIfExists(inbox.resolve(fileName + DONE_MARKER));
        }
    }
}
