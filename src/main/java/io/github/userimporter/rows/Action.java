package io.github.userimporter.rows;

import java.util.Locale;

/** What a row asks for: a person who joins (or returns), or one who leaves. */
public enum Action {

    /** Created, or given access back, and added to the row's groups. */
    JOIN,
    /** Removed from every group, and whatever else {@code IMPORTER_LEAVER_ACTION} says. */
    LEAVE;

    /** The {@code action} cell's meaning, any case; empty is a join. {@code null} for anything else. */
    static Action of(String cell) {
        return switch (cell.toLowerCase(Locale.ROOT)) {
            case "", "join" -> JOIN;
            case "leave" -> LEAVE;
            default -> null;
        };
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
