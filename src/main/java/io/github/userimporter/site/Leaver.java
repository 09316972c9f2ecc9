package io.github.userimporter.site;

import java.util.ArrayList;
import java.util.List;

import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Row;

/**
 * One leaver's offboarding as it goes: the account found, the groups still to leave, what was done, and the row's
 * outcome once it is decided. Each step reads it, so that a step that fails says which it was and what came before.
 */
public final class Leaver {

    private final Row row;
    private String accountId = "";
    private List<Group> groups;
    private int next;
    private final List<String> removed = new ArrayList<>();
    private final List<String> done = new ArrayList<>();
    private Outcome outcome;

    Leaver(Row row) {
        this.row = row;
    }

    public Row row() {
        return row;
    }

    public String accountId() {
        return accountId;
    }

    /** Whether steps remain: no outcome was decided yet. */
    public boolean isOpen() {
        return outcome == null;
    }

    /** The next group to leave, or {@code null} when none is left (or the row was decided). */
    public Group getNextGroup() {
        return isOpen() && groups != null && next < groups.size() ? groups.get(next) : null;
    }

    void found(String account) {
        this.accountId = account;
    }

    void memberOf(List<Group> memberships) {
        this.groups = List.copyOf(memberships);
    }

    /** The next group was left (or the person was no longer in it). */
    void left(Group group) {
        removed.add(group.name());
        next++;
    }

    /** A step beyond the groups was done, as the detail column says it: {@code deleted}, {@code suspended}. */
    void did(String step) {
        done.add(step);
    }

    void decide(Outcome decided) {
        this.outcome = decided;
    }

    /** What the step under way is, as a failure names it. */
    String step(LeaverAction action) {
        if (accountId.isEmpty()) {
            return "finding the account";
        }
        if (groups == null) {
            return "reading the account's groups";
        }
        if (next < groups.size()) {
            return "removing from group " + groups.get(next).name();
        }
        return action == LeaverAction.SUSPEND ? "suspending access" : "deleting the user";
    }

    /** What was done so far: {@code removed from a, b; deleted}. */
    String detail() {
        List<String> parts = new ArrayList<>();
        if (!removed.isEmpty()) {
            parts.add("removed from " + String.join(", ", removed));
        } else if (groups != null && groups.isEmpty()) {
            parts.add("in no group");
        }
        parts.addAll(done);
        return String.join("; ", parts);
    }

    /** What would be done, for a dry run. */
    String wouldDo(LeaverAction action) {
        List<String> parts = new ArrayList<>();
        parts.add(groups.isEmpty() ? "in no group" : "would remove from " + Group.names(groups, ", "));
        if (action != LeaverAction.GROUPS) {
            parts.add("would " + action);
        }
        return String.join("; ", parts);
    }

    /** The row's outcome: decided on the way, or every step done. */
    public Outcome outcome() {
        return outcome != null ? outcome : Outcome.left(row, accountId, detail());
    }
}
