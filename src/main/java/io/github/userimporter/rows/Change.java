package io.github.userimporter.rows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a roster's plan does for one person: the line of the plan a row stands for.
 *
 * @param kind       the kind of change
 * @param accountId  the person's account, when the site has one
 * @param added      the managed groups the person joins
 * @param removed    the managed groups the person leaves
 * @param rosterLine the person's line in the roster, or 0 for a member the roster does not list
 * @param note       why nothing is sent, for a line that sends nothing but should have; empty otherwise
 */
public record Change(Kind kind, String accountId, List<Group> added, List<Group> removed, long rosterLine,
        String note) {

    /** The kinds of lines a plan holds. */
    public enum Kind {
        /** In the roster, in none of the managed groups: created or restored, then added to its groups. */
        JOIN,
        /** In the roster and in managed groups, but not the ones it names: added to some, removed from others. */
        MOVE,
        /**
         * In the roster, in none of the managed groups, with a start date further ahead than the export's mapping
         * lets an account be made: nothing is sent; it joins as any scheduled join, on its day.
         */
        SCHEDULED,
        /** In a managed group, not in the roster: removed from every managed group. */
        REMOVE,
        /** Already as the roster says: nothing is sent. */
        UNCHANGED,
        /** A member whose address the site does not show, or not a person's account: never touched. */
        NOT_MATCHED,
        /** Would lose a managed group, but is protected: nothing is sent. */
        PROTECTED,
        /** Would be removed, but the roster has invalid rows, one of which may be theirs: nothing is sent. */
        HELD,
        /** A roster row that cannot be read as a person's groups: it fails, and nothing is sent. */
        INVALID;

        /** As the plan file writes it. */
        public String column() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        /** The kind a plan file's column names; {@code null} for none. */
        public static Kind of(String column) {
            for (Kind kind : values()) {
                if (kind.column().equals(column)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** Whether the change sends requests that change groups (a join goes the way of any join). */
    public boolean changesGroups() {
        return kind == Kind.MOVE || kind == Kind.REMOVE;
    }

    /** Whether the change is decided without a request. */
    public boolean decided() {
        return kind == Kind.UNCHANGED || kind == Kind.PROTECTED || kind == Kind.HELD;
    }

    /**
     * The groups as a detail says them, {@code added to a; removed from b} or, for a dry run, {@code would add to a;
     * would remove from b}.
     */
    public String describe(String adding, String removing) {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add(adding + " " + Group.names(added, ", "));
        }
        if (!removed.isEmpty()) {
            parts.add(removing + " " + Group.names(removed, ", "));
        }
        return String.join("; ", parts);
    }
}
