package io.github.userimporter.rows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What became of one row: created with an account ID, or failed with a status and a reason a person can act on.
 *
 * @param row       the row
 * @param succeeded whether the user now exists with Jira access
 * @param status    the HTTP status, or a word such as {@code invalid} where no answer was had
 * @param accountId the Atlassian account ID, when succeeded
 * @param error     Atlassian's error text or our own reason, when failed
 * @param detail    what was done beyond the status, such as a leaver's groups removed; empty if nothing
 */
public record Outcome(Row row, boolean succeeded, String status, String accountId, String error, String detail) {

    public static final String INVALID = "invalid";
    public static final String DRY_RUN = "dry-run";
    /** The status of a row whose account existed without Jira access and has it back. */
    public static final String RESTORED = "restored";
    /** What the succeeded file says of such a row. */
    public static final String ACCESS_RESTORED = "access restored";
    /** The status and detail of a row left alone. */
    public static final String SKIPPED = "skipped";
    /** The status and detail of a roster's person already as the roster says. */
    public static final String UNCHANGED = "unchanged";
    /** The status of a roster's person whose groups were changed. */
    public static final String CHANGED = "changed";
    /** The status of a join that waits for its start date: written to the scheduled file, nothing sent. */
    public static final String SCHEDULED = "scheduled";
    /** The status of a leaver's row once every step was done, or there was nothing to take away. */
    public static final String LEFT = "left";

    /** An e-mail address in a site's answer: left out of the reason, which is about the answer, not the row. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@\"']+@[^\\s@\"']+\\.[^\\s@\"'.]+");
    /** A spreadsheet would run a cell starting with one of these as a formula (OWASP "CSV injection"). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    public static Outcome created(Row row, String accountId) {
        return new Outcome(row, true, "201", accountId, "", "");
    }

    public static Outcome failed(Row row, String status, String error) {
        return new Outcome(row, false, status, "", error, "");
    }

    /**
     * The user was created, or already had access, but could not be added to a group: the row fails with the
     * account ID, so that whoever reads the failed file knows the user exists, and dropping it back adds the rest.
     */
    public static Outcome notAddedTo(Group group, Row row, String accountId, String status, String error) {
        return new Outcome(row, false, status, accountId, (row.change() == null ? "created, but not" : "not")
                + " added to group " + group.name() + ": " + error, "");
    }

    /** The row's account existed without Jira access, and has it back: a returning employee. */
    public static Outcome restored(Row row, String accountId) {
        return new Outcome(row, true, RESTORED, accountId, "", ACCESS_RESTORED);
    }

    /**
     * A leaver's row: every step done, or nothing to take away.
     *
     * @param accountId the account offboarded; empty when the site has none
     * @param detail    what was done, such as {@code removed from engineering; deleted}
     */
    public static Outcome left(Row row, String accountId, String detail) {
        return new Outcome(row, true, LEFT, accountId, "", detail);
    }

    /**
     * A leaver's row that stopped at a step: the failed file keeps the account and what was done before, and dropping
     * it back finishes the rest.
     */
    public static Outcome notLeft(Row row, String status, String accountId, String error, String detail) {
        return new Outcome(row, false, status, accountId, error, detail);
    }

    /** A leaver in a dry run: looked up, and what would be done, but nothing changed. */
    public static Outcome wouldLeave(Row row, String accountId, String detail) {
        return new Outcome(row, true, DRY_RUN, accountId, "", detail);
    }

    /** Whether the row's person was offboarded (or had nothing to take away). */
    public boolean hasLeft() {
        return LEFT.equals(status);
    }

    /** Whether the row's account had its access restored rather than being created. */
    public boolean isRestored() {
        return RESTORED.equals(status);
    }

    /** A row validation refused: it is not sent, and fails with the problem found. */
    public static Outcome invalid(Row row) {
        return failed(row, INVALID, row.problem());
    }

    /** A row to leave alone: nothing was sent, and the succeeded file says so. */
    public static Outcome skipped(Row row) {
        return new Outcome(row, true, SKIPPED, "", "", SKIPPED);
    }

    /**
     * A join whose start date is further ahead than its mapping lets an account be made: it goes to the scheduled
     * file, neither succeeded nor failed, and is imported on its day.
     */
    public static Outcome scheduledJoin(Row row) {
        return new Outcome(row, false, SCHEDULED, "", "", "");
    }

    /** Whether the row waits for its start date. */
    public boolean isScheduled() {
        return SCHEDULED.equals(status);
    }

    /** A valid row in a dry run: it would have been posted, or for a roster's plan, its groups changed. */
    public static Outcome wouldCreate(Row row) {
        Change change = row.change();
        return change == null ? new Outcome(row, true, DRY_RUN, "", "", "")
                : new Outcome(row, true, DRY_RUN, change.accountId(), "", change.describe("would add to",
                "would remove from"));
    }

    /**
     * A line of a roster's plan that sends nothing: unchanged, or a change held back, which fails with why.
     */
    public static Outcome decided(Row row) {
        Change change = row.change();
        if (change.kind() == Change.Kind.UNCHANGED) {
            return new Outcome(row, true, UNCHANGED, change.accountId(), "", UNCHANGED);
        }
        return new Outcome(row, false, change.kind().column(), change.accountId(), "not removed from "
                + Group.names(change.removed(), ", ") + ": " + change.note(), "");
    }

    /** A line of a roster's plan whose groups were changed as it said. */
    public static Outcome changed(Row row, String detail) {
        return new Outcome(row, true, CHANGED, row.change().accountId(), "", detail);
    }

    /** Why the row failed, without its own values: failures of the same kind share it, so they can be counted. */
    public String reason() {
        return reason(status, error);
    }

    /**
     * The reason of a failure written with this status and error: our own checks put the row's value after a
     * {@code :} or {@code ;}, which is left out; a site's answer keeps its status and loses the row's address.
     */
    public static String reason(String status, String error) {
        if (INVALID.equals(status)) {
            if (error.startsWith("duplicate of line")) {
                return INVALID + ": duplicate of an earlier row";
            }
            int end = error.length();
            for (String separator : List.of(": ", "; ")) {
                int at = error.indexOf(separator);
                end = at < 0 ? end : Math.min(end, at);
            }
            return INVALID + ": " + error.substring(0, end);
        }
        return status + ": " + ADDRESS.matcher(error).replaceAll("<address>");
    }

    /**
     * The row as an output record, by column name; each output file picks its own columns. Line breaks are folded so
     * that a record stays one line, and cells are made safe to open in a spreadsheet.
     */
    public Map<String, Object> getRecord() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("emailAddress", neutralise(row.emailAddress()));
        record.put("products", neutralise(row.productsColumn()));
        record.put("groups", neutralise(row.groupsColumn()));
        record.put("action", neutralise(row.actionColumn()));
        record.put("accountId", neutralise(accountId));
        record.put("detail", neutralise(detail));
        record.put("status", status);
        record.put("error", oneLine(error));
        record.put("line", row.line());
        return record;
    }

    /**
     * A failed row of an export read through a mapping, as its failed file writes it: the export's own cells, then
     * the status, the error, the account and the line, so that the file can be fixed and dropped back through the
     * same mapping.
     */
    public List<Object> getExportRecord() {
        List<Object> record = new ArrayList<>();
        row.exportCells().forEach(cell -> record.add(neutralise(cell)));
        record.addAll(List.of(status, oneLine(error), neutralise(accountId), row.line()));
        return record;
    }

    /**
     * A scheduled row as its scheduled file writes it: the address, the start date, the day it is imported and the
     * line, then the export's own cells, in which it is imported on that day.
     */
    public List<Object> getScheduledRecord() {
        List<Object> record = new ArrayList<>(List.of(neutralise(row.emailAddress()), row.start().date().toString(),
                row.start().importOn().toString(), row.line()));
        row.exportCells().forEach(cell -> record.add(neutralise(cell)));
        return record;
    }

    /** The error on one line, safe to open in a spreadsheet. */
    private static String oneLine(String error) {
        return neutralise(error.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
    }

    /** Prefixes a quote, which spreadsheets show as text; {@link RowReader} removes it when a file comes back. */
    static String neutralise(String cell) {
        return !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    /** Undoes {@link #neutralise}, so that a failed file can be dropped back into the inbox as it is. */
    public static String restore(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1) : cell;
    }
}
