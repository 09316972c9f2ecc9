package io.github.userimporter.roster;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.userimporter.rows.Change;
import io.github.userimporter.rows.Change.Kind;
import io.github.userimporter.rows.CsvDialect;
import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Row;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * What a roster changes: one line a person, made from the roster's rows and the managed groups' members before any
 * change, matched by address (exact, any case). The roster's people come first, in its order, then the members it
 * does not list. Written to the plan file before the first change; after a crash the written plan is finished, not
 * made again.
 */
public final class RosterPlan {

    /** The plan file's columns. */
    public static final String COLUMNS = "emailAddress,accountId,change,groupsAdded,groupsRemoved,line,note";

    /** Why a person may never lose a group, or {@code null}. */
    @FunctionalInterface
    interface Protection {
        String why(String emailAddress, String accountId, Collection<String> groupNames);
    }

    /** One line of the plan: a person and their change. */
    record Line(String emailAddress, Change change) {
    }

    private final List<Line> lines;
    private final Map<Long, Row> rowsByLine;

    private RosterPlan(List<Line> lines, Map<Long, Row> rowsByLine) {
        this.lines = lines;
        this.rowsByLine = rowsByLine;
    }

    /**
     * Makes the plan. A member in none of the roster's rows loses every managed group, unless protected, or unless the
     * roster has invalid rows (one of them may be theirs): then nothing is taken, and the line says why.
     *
     * @param rows  the roster's rows, validated, in file order
     * @param today a person in none of the managed groups whose start date is ahead of it waits for that day
     */
    static RosterPlan make(List<Row> rows, Members members, Protection protection, LocalDate today) {
        Map<String, Row> listed = new LinkedHashMap<>();
        long invalid = 0;
        for (Row row : rows) {
            if (row.isValid()) {
                listed.put(row.emailAddress().toLowerCase(Locale.ROOT), row);
            } else {
                invalid++;
            }
        }
        Map<String, Line> people = new HashMap<>();
        List<Line> others = new ArrayList<>();
        for (Members.Member member : members.managed()) {
            List<Group> current = List.copyOf(member.groups());
            String address = member.emailAddress();
            if (!"atlassian".equals(member.accountType()) || address == null) {
                others.add(new Line(address == null ? "" : address, change(Kind.NOT_MATCHED, member.accountId(),
                        List.of(), current, 0, address == null ? "the site does not show its address"
                                : "an account of type " + member.accountType() + ", not a person's")));
                continue;
            }
            Row row = listed.get(address.toLowerCase(Locale.ROOT));
            if (row == null) {
                String why = invalid > 0 ? "the roster has " + invalid + " invalid rows, one of which may be "
                        + "theirs; fix them and drop the roster again"
                        : protection.why(address, member.accountId(), names(member, members));
                others.add(new Line(address, change(why == null ? Kind.REMOVE : invalid > 0 ? Kind.HELD
                        : Kind.PROTECTED, member.accountId(), List.of(), current, 0, why == null ? "" : why)));
                continue;
            }
            List<Group> wanted = row.groups();
            List<Group> added = missing(wanted, current);
            List<Group> removed = missing(current, wanted);
            String why = removed.isEmpty() ? null : protection.why(address, member.accountId(), names(member,
                    members));
            Kind kind = added.isEmpty() && removed.isEmpty() ? Kind.UNCHANGED : why != null ? Kind.PROTECTED
                    : Kind.MOVE;
            people.put(address.toLowerCase(Locale.ROOT), new Line(row.emailAddress(), change(kind,
                    member.accountId(), added, removed, row.line(), why == null ? "" : why)));
        }
        List<Line> lines = new ArrayList<>();
        Map<Long, Row> rowsByLine = new HashMap<>();
        for (Row row : rows) {
            rowsByLine.put(row.line(), row);
            Line line = row.isValid() ? people.get(row.emailAddress().toLowerCase(Locale.ROOT)) : null;
            if (!row.isValid()) {
                line = new Line(row.emailAddress(), change(Kind.INVALID, "", List.of(), List.of(), row.line(),
                        row.problem()));
            } else if (line == null) {
                line = new Line(row.emailAddress(), change(row.isAheadOf(today) ? Kind.SCHEDULED : Kind.JOIN, "",
                        row.groups(), List.of(), row.line(), ""));
            }
            lines.add(line);
        }
        others.sort(Comparator.comparing((Line line) -> line.emailAddress().toLowerCase(Locale.ROOT))
                .thenComparing(line -> line.change().accountId()));
        lines.addAll(others);
        return new RosterPlan(List.copyOf(lines), rowsByLine);
    }

    /** Reads a plan written before a crash; the roster's rows give joins their products again. */
    static RosterPlan read(Path file, List<Row> rows, Function<String, String> groupIdOf) throws IOException {
        Map<Long, Row> rowsByLine = new HashMap<>();
        rows.forEach(row -> rowsByLine.put(row.line(), row));
        List<Line> lines = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser parser = CsvDialect.OUTPUT.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(reader)) {
            for (CSVRecord record : parser) {
                lines.add(new Line(record.get("emailAddress"), change(Kind.of(record.get("change")),
                        record.get("accountId"), groups(record.get("groupsAdded"), groupIdOf),
                        groups(record.get("groupsRemoved"), groupIdOf), record.get("line").isEmpty() ? 0
                                : Long.parseLong(record.get("line")), record.get("note"))));
            }
        }
        return new RosterPlan(List.copyOf(lines), rowsByLine);
    }

    /** Writes the plan, header first. */
    void write(Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, CsvDialect.OUTPUT.builder().setHeader(COLUMNS.split(","))
                .get())) {
            for (Line line : lines) {
                Change change = line.change();
                printer.printRecord(line.emailAddress(), change.accountId(), change.kind().column(),
                        groupNames(change.added()), groupNames(change.removed()), change.rosterLine() == 0 ? ""
                                : change.rosterLine(), change.note());
            }
        }
        Files.writeString(file, text.toString());
    }

    /** Lines of each kind, in the order of {@link Kind}. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            long count = lines.stream().filter(line -> line.change().kind() == kind).count();
            if (count > 0) {
                counts.put(kind.column(), count);
            }
        }
        return counts;
    }

    /** People the plan removes from managed groups: members the roster does not list. */
    long removals() {
        return lines.stream().filter(line -> line.change().kind() == Kind.REMOVE).count();
    }

    /**
     * The rows the lines stand for, numbered by their line in the plan file (its header is line 1), members not
     * matched left out: they are no one's row, and nothing is done to them.
     */
    List<Row> rows() {
        List<Row> planned = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            Change change = line.change();
            if (change.kind() != Kind.NOT_MATCHED) {
                planned.add(Row.planned(i + 2L, line.emailAddress(), rowsByLine.get(change.rosterLine()), change));
            }
        }
        return planned;
    }

    private static Change change(Kind kind, String accountId, List<Group> added, List<Group> removed,
            long rosterLine, String note) {
        return new Change(kind, accountId, added, removed, rosterLine, note);
    }

    /** The groups of the first list that the second lacks, compared by ID. */
    private static List<Group> missing(List<Group> from, List<Group> in) {
        Set<String> ids = new LinkedHashSet<>();
        in.forEach(group -> ids.add(group.groupId()));
        return from.stream().filter(group -> !ids.contains(group.groupId())).toList();
    }

    /** Every group the member is known to be in: its managed ones and its protected ones. */
    private static List<String> names(Members.Member member, Members members) {
        List<String> names = new ArrayList<>(member.groups().stream().map(Group::name).toList());
        names.addAll(members.protectedGroupsOf(member.accountId()));
        return names;
    }

    private static String groupNames(List<Group> groups) {
        return Group.names(groups, ";");
    }

    private static List<Group> groups(String cell, Function<String, String> groupIdOf) {
        return cell.isEmpty() ? List.of() : Arrays.stream(cell.split(";")).map(name -> new Group(name,
                groupIdOf.apply(name))).toList();
    }
}
