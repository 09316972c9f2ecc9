package io.github.userimporter.rows;

import java.util.Locale;

/** What a row asks for: a person who joins (or returns), or one who leaves. */
public enum Action {

    /** Created, or given access back, and added to the row's groups. */
    JOIN,
    /** Removed from every group, and whatever else {@code IMPORTER_LEAVER_ACTION} says. */
    LEAVE,
    /** Nothing is sent: an export's row a mapping says to leave alone, such as a person on leave. */
    SKIP;

    /** The {@code action} cell's meaning, any case; empty is a join. {@code null} for anything else. */
    static Action of(String cell) {
        return switch (cell.toLowerCase(Locale.ROOT)) {
            case "", "join" -> JOIN;
            case "leave" -> LEAVE;
            case "skip" -> SKIP;
            default -> null;
        };
    }

    /** Whether this cell asks for the row to be skipped. */
    public static boolean isSkip(String cell) {
        return of(cell.trim()) == SKIP;
    }

    /** Whether this cell asks for a leave: the first pass counts them before any row is read. */
    public static boolean isLeave(String cell) {
        return of(cell.trim()) == LEAVE;
    }

    /** As the output files write it. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
