package io.github.userimporter.imports;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.userimporter.inbox.InboxFilter;
import io.github.userimporter.rows.CsvDialect;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Row;
import org.apache.camel.Body;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins that wait for their start date, kept in the state folder until their day: for each import that scheduled
 * some, its scheduled file ({@code schedule/<import id>.csv}, as the outbox has it). When the inbox has nothing
 * waiting and a row's day has come, the due rows of each import go back into the inbox in their export's own columns,
 * as a file of their own ({@code <import id>.due-<day>.csv}), and are imported through the same mapping, with their
 * own results. A later row naming the same person, a join or a leave, replaces theirs: the newest file wins.
 */
public final class Schedule {

    private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);
    /** How often an idle inbox looks for rows whose day has come: days change rarely, polls often. */
    private static final Duration CHECK_EVERY = Duration.ofMinutes(1);
    private static final int ADDRESS = 0;
    private static final int IMPORT_ON = 2;
    private static final int LINE = 3;
    private static final int EXPORT_CELLS = CsvDialect.SCHEDULED_COLUMNS.size();

    private final Path folder;
    private final Path inbox;
    private final InboxFilter inboxFilter;
    private final Clock clock;
    private final boolean dryRun;
    /**
     * Who waits, by lower-case address, and in which imports' files. Every row of every import asks it, before its
     * record is written: a person not in it is told without the lock.
     */
    private final Map<String, Set<String>> waiting = new ConcurrentHashMap<>();
    private Instant nextCheck = Instant.MIN;

    /**
     * @param clock  says what day it is, in its zone (the machine's, but for tests)
     * @param dryRun a dry run keeps nothing and releases nothing
     */
    public Schedule(Path state, Path inbox, InboxFilter inboxFilter, Clock clock, boolean dryRun) throws IOException {
        this.folder = state.resolve("schedule");
        this.inbox = inbox;
        this.inboxFilter = inboxFilter;
        this.clock = clock;
        this.dryRun = dryRun;
        refresh();
    }

    /** Whether the row is a join that waits for its start date: it is scheduled, not sent. */
    public boolean waits(@Body Row row) {
        return row.isAheadOf(LocalDate.now(clock));
    }

    /** Reads again who waits: another instance, the leader before this one, may have scheduled rows since. */
    synchronized void refresh() throws IOException {
        waiting.clear();
        for (Path file : files()) {
            index(importId(file), read(file).rows());
        }
    }

    private void index(String importId, List<CSVRecord> rows) {
        rows.forEach(row -> waiting.computeIfAbsent(key(row.get(ADDRESS)), address -> new HashSet<>()).add(importId));
    }

    /**
     * A row of an import names a person: a join (now or scheduled, a roster's too) or a leave drops what earlier
     * imports scheduled for them. An invalid row, a skip or a roster's other lines leave it.
     */
    void named(Row row, String importId) throws IOException {
        String address = key(row.emailAddress());
        if (!row.joins() && !(row.isValid() && row.leaves()) || !waiting.containsKey(address)) {
            return;
        }
        synchronized (this) {
            Set<String> imports = waiting.getOrDefault(address, Set.of());
            for (String earlier : List.copyOf(imports)) {
                if (earlier.equals(importId)) {
                    continue;
                }
                Path file = folder.resolve(earlier + ".csv");
                // Gone when its rows fell due meanwhile
                if (Files.exists(file)) {
                    Scheduled scheduled = read(file);
                    Map<Boolean, List<CSVRecord>> theirs = scheduled.rows().stream().collect(Collectors
                            .partitioningBy(record -> key(record.get(ADDRESS)).equals(address)));
                    for (CSVRecord dropped : theirs.get(true)) {
                        LOG.info("The join of {} scheduled by {} for {} is {} by {} line {}", dropped.get(ADDRESS),
                                earlier, dropped.get(IMPORT_ON), row.leaves() ? "cancelled: a leave" : "replaced",
                                importId, row.line());
                    }
                    write(file, scheduled.header(), theirs.get(false));
                }
                imports.remove(earlier);
            }
        }
    }

    /** Keeps a finished import's scheduled rows until their day; from now on later imports replace them. */
    synchronized void keep(String importId, Path scheduledFile) throws IOException {
        OwnerOnly.createDirectories(folder);
        Path kept = folder.resolve(importId + ".csv");
        OwnerOnly.copyDurably(scheduledFile, kept);
        List<CSVRecord> records = read(kept).rows();
        index(importId, records);
        records.stream().map(record -> record.get(IMPORT_ON)).min(String::compareTo).ifPresent(first -> LOG.info(
                "{} joins of {} wait for their start date, the first to be imported on {}", records.size(),
                importId, first));
    }

    /**
     * Puts the rows whose day has come back into the inbox, a file for each import that scheduled them, and forgets
     * them. Called when the inbox has nothing waiting, at most once a minute.
     *
     * @return whether a file was put in the inbox, for the next poll to take
     */
    public synchronized boolean releaseDue() throws IOException {
        Instant now = clock.instant();
        if (dryRun || now.isBefore(nextCheck)) {
            return false;
        }
        nextCheck = now.plus(CHECK_EVERY);
        String today = LocalDate.now(clock).toString();
        boolean released = false;
        for (Path file : files()) {
            Scheduled scheduled = read(file);
            Map<Boolean, List<CSVRecord>> dueOrNot = scheduled.rows().stream().collect(Collectors.partitioningBy(
                    record -> record.get(IMPORT_ON).compareTo(today) <= 0));
            // In the export's order: rows are scheduled in the order they finish
            List<CSVRecord> due = dueOrNot.get(true).stream().sorted(Comparator.comparingLong(record -> Long.parseLong(
                    record.get(LINE)))).toList();
            if (due.isEmpty()) {
                continue;
            }
            List<String> header = scheduled.header();
            String name = importId(file) + ".due-" + today + ".csv";
            // In the export's own columns, its cells as the export had them: the due file goes through the mapping.
            // The same rows make the same file: a crash before the schedule is written makes it again, and the
            // importer knows those bytes if it took them already
            writeCsv(inbox.resolve(name), header.subList(EXPORT_CELLS, header.size()), due.stream()
                    .map(record -> record.stream().skip(EXPORT_CELLS).map(Outcome::restore).toList()).toList());
            inboxFilter.placed(name);
            write(file, header, dueOrNot.get(false));
            LOG.info("{} joins scheduled by {} are due today: put in the inbox as {}", due.size(), importId(file),
                    name);
            released = true;
        }
        if (released) {
            refresh();
        }
        return released;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(file -> file.getFileName().toString().endsWith(".csv")
                    && !file.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static String importId(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".csv".length());
    }

    /** A schedule file: its header (a scheduled file's), and its rows. */
    private record Scheduled(List<String> header, List<CSVRecord> rows) {
    }

    private static Scheduled read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser parser = CsvDialect.OUTPUT.parse(reader)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? new Scheduled(List.of(), List.of())
                    : new Scheduled(records.get(0).toList(), records.subList(1, records.size()));
        }
    }

    /** Rewrites a schedule file with the rows it keeps, or deletes it when none are left. */
    private static void write(Path file, List<String> header, List<CSVRecord> records) throws IOException {
        if (records.isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            writeCsv(file, header, records.stream().map(CSVRecord::toList).toList());
        }
    }

    private static void writeCsv(Path file, List<String> header, List<List<String>> records) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, CsvDialect.OUTPUT)) {
            printer.printRecord(header);
            for (List<String> record : records) {
                printer.printRecord(record);
            }
        }
        OwnerOnly.writeDurably(file, text.toString());
    }

    private static String key(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
