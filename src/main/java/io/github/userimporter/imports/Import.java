package io.github.userimporter.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.github.userimporter.inbox.FileInspector;
import io.github.userimporter.inbox.Inspection;
import io.github.userimporter.roster.RosterImport;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Reading;
import io.github.userimporter.site.GroupLookup;
import io.github.userimporter.site.RetryCounter;

/**
 * The import of one input file: its identity in the outbox and archive, and the rows counted so far. Results are
 * written to a staging folder in the state folder and copied into the outbox only when the import finishes. A resumed
 * import starts with the rows its staging folder already records.
 */
public final class Import implements Reading, RetryCounter, GroupLookup, RosterImport {

    private final String id;
    private final String fileName;
    private final Path staging;
    private final Inspection inspection;
    private final Instant startedAt;
    private final Instant resumedAt = Instant.now();
    private final RecordedRows recorded;
    private final AtomicLong succeeded;
    /** Of the succeeded rows, those whose account had its access restored. */
    private final AtomicLong restored;
    /** Of the succeeded rows, the leavers: offboarded, or with nothing to take away. */
    private final AtomicLong left;
    /** Of the succeeded rows, those the export's mapping says to leave alone. */
    private final AtomicLong skipped;
    /** Joins that wait for their start date: neither succeeded nor failed. */
    private final AtomicLong scheduled;
    private final Map<String, AtomicLong> failedByReason = new ConcurrentHashMap<>();
    /** For the report: outcomes and 429s by the second since the import (re)started. */
    private final Map<Integer, AtomicInteger> completedPerSecond = new ConcurrentHashMap<>();
    private final Set<Integer> throttledSeconds = ConcurrentHashMap.newKeySet();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private volatile Future<?> progressReport;
    private final AtomicReference<Exception> stoppedBy = new AtomicReference<>();
    private volatile boolean handedOver;
    /** By lower-case name: Jira compares group names without case. */
    private final Map<String, String> groupIds = new ConcurrentHashMap<>();
    private volatile boolean groupsLookedUp;
    /** A roster's plan: lines of each kind; {@code null} for any other file. */
    private volatile Map<String, Long> plan;
    /** The journal's files, open while the import runs. */
    private final JournalFile succeededJournal;
    private final JournalFile failedJournal;
    private final JournalFile scheduledJournal;

    /**
     * @param inspection what the first pass over the input found
     * @param startedAt  when the import began, before any restart
     * @param recorded   the rows whose outcome an earlier run of this import wrote
     * @throws IOException when the journal's files, already begun in {@code staging}, cannot be opened
     */
    Import(String id, String fileName, Path staging, Inspection inspection, Instant startedAt,
            RecordedRows recorded) throws IOException {
        this.id = id;
        this.fileName = fileName;
        this.staging = staging;
        this.inspection = inspection;
        this.startedAt = startedAt;
        this.recorded = recorded;
        this.succeeded = new AtomicLong(recorded.succeeded());
        this.restored = new AtomicLong(recorded.restored());
        this.left = new AtomicLong(recorded.left());
        this.skipped = new AtomicLong(recorded.skipped());
        this.scheduled = new AtomicLong(recorded.scheduled());
        recorded.failedByReason().forEach((reason, count) -> failedByReason.put(reason, new AtomicLong(count)));
        this.succeededJournal = new JournalFile(staging.resolve(id + ImportFiles.SUCCEEDED));
        this.failedJournal = new JournalFile(staging.resolve(id + ImportFiles.FAILED));
        this.scheduledJournal = new JournalFile(staging.resolve(id + ImportFiles.SCHEDULED));
    }

    /** The journal file that records this outcome. */
    JournalFile journal(Outcome outcome) {
        if (outcome.isScheduled()) {
            return scheduledJournal;
        }
        return outcome.succeeded() ? succeededJournal : failedJournal;
    }

    /** The import has ended: its journal files are closed; what they hold is on disk already. */
    void closeJournal() throws IOException {
        succeededJournal.close();
        failedJournal.close();
        scheduledJournal.close();
    }

    /** {@code <input base name>-<UTC timestamp>}: names the outputs and the archived input. */
    public String getId() {
        return id;
    }

    public String getFileName() {
        return fileName;
    }

    /** The folder, in the state folder, that holds the import's journal while it runs. */
    public Path getStaging() {
        return staging;
    }

    String sha256() {
        return inspection.sha256();
    }

    @Override
    public Set<Long> repeatedAddressHashes() {
        return inspection.duplicateEmailHashes();
    }

    @Override
    public boolean isRecorded(long line) {
        return recorded.contains(line);
    }

    @Override
    public boolean isRoster() {
        return FileInspector.isRoster(fileName);
    }

    @Override
    public void planned(Map<String, Long> changes) {
        this.plan = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /** A roster's plan, lines of each kind; {@code null} for any other file. */
    Map<String, Long> plan() {
        return plan;
    }

    /** What the first pass over the file found. */
    public Inspection getInspection() {
        return inspection;
    }

    /** Stops the import for another instance to resume: from now on, none of its rows' outcomes is written. */
    void handOver(Exception reason) {
        handedOver = true;
        stop(reason);
    }

    boolean handedOver() {
        return handedOver;
    }

    /** A row could not go on; the first reason stops the whole import. */
    void stop(Exception reason) {
        stoppedBy.compareAndSet(null, reason);
    }

    @Override
    public Set<String> groupNames() {
        return inspection.groupNames();
    }

    @Override
    public void lookingUpGroups() {
        groupsLookedUp = true;
    }

    @Override
    public void groupFound(String name, String groupId) {
        groupIds.put(name.toLowerCase(Locale.ROOT), groupId);
    }

    @Override
    public boolean groupsLookedUp() {
        return groupsLookedUp;
    }

    @Override
    public String groupId(String name) {
        return groupIds.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean stopping() {
        return stoppedBy.get() != null;
    }

    Exception stoppedBy() {
        return stoppedBy.get();
    }

    void reportingWith(Future<?> report) {
        progressReport = report;
    }

    void stopReporting() {
        if (progressReport != null) {
            progressReport.cancel(false);
        }
    }

    /** How far the import is, for the periodic progress line. */
    String progress() {
        long done = done();
        double seconds = Math.max(0.001, Duration.between(resumedAt, Instant.now()).toMillis() / 1000.0);
        double rate = (done - recorded.count()) / seconds;
        long rows = inspection.rows();
        StringBuilder line = new StringBuilder(fileName).append(": ").append(done).append(" of ").append(rows)
                .append(" rows (").append(rows == 0 ? 100 : done * 100 / rows).append("%)");
        line.append(String.format(Locale.ROOT, ", %.1f rows/s, %d answered 429", rate, rateLimited.get()));
        if (rate > 0) {
            long left = (long) ((rows - done) / rate);
            line.append(", ETA ").append(Duration.ofSeconds(left).toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return line.toString();
    }

    Instant startedAt() {
        return startedAt;
    }

    void count(Outcome outcome) {
        completedPerSecond.computeIfAbsent(secondsSinceResumed(), second -> new AtomicInteger()).incrementAndGet();
        if (outcome.isScheduled()) {
            scheduled.incrementAndGet();
        } else if (outcome.succeeded()) {
            succeeded.incrementAndGet();
            if (outcome.isRestored()) {
                restored.incrementAndGet();
            }
            if (outcome.row().leaves()) {
                left.incrementAndGet();
            }
            if (outcome.row().isSkipped()) {
                skipped.incrementAndGet();
            }
        } else {
            failedByReason.computeIfAbsent(outcome.reason(), reason -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Outcomes written in each second since the import (re)started. */
    List<Integer> completedPerSecond() {
        int last = completedPerSecond.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        return IntStream.rangeClosed(0, last).mapToObj(second -> completedPerSecond.getOrDefault(second,
                new AtomicInteger()).get()).toList();
    }

    /** The seconds since the import (re)started in which the site answered 429. */
    List<Integer> throttledSeconds() {
        return throttledSeconds.stream().sorted().toList();
    }

    private int secondsSinceResumed() {
        return (int) Duration.between(resumedAt, Instant.now()).toSeconds();
    }

    /** The failed rows by reason, most frequent first. */
    Map<String, Long> failedByReason() {
        Map<String, Long> counts = new LinkedHashMap<>();
        failedByReason.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, AtomicLong> entry) -> -entry.getValue().get())
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue().get()));
        return counts;
    }

    @Override
    public void retried() {
        retries.incrementAndGet();
    }

    @Override
    public void rateLimited() {
        throttledSeconds.add(secondsSinceResumed());
        rateLimited.incrementAndGet();
    }

    long retries() {
        return retries.get();
    }

    long rateLimitedCount() {
        return rateLimited.get();
    }

    public long done() {
        return succeeded.get() + failed() + scheduled.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    long restored() {
        return restored.get();
    }

    long left() {
        return left.get();
    }

    long skipped() {
        return skipped.get();
    }

    long scheduled() {
        return scheduled.get();
    }

    long failed() {
        return failedByReason.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
