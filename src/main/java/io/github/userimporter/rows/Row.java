package io.github.userimporter.rows;

import java.time.LocalDate;
import java.util.List;

/**
 * One row of an input file: what the CSV says, the products it resolves to and, if it cannot be posted, why.
 *
 * @param line         the row's line number in the input file
 * @param emailAddress the {@code emailAddress} cell
 * @param productsCell the {@code products} cell as written
 * @param products     the product keys to grant, once validated
 * @param groupsCell   the {@code groups} cell as written
 * @param groups       the groups to add the user to, once validated
 * @param actionCell   the {@code action} cell as written
 * @param action       what the row asks for, once validated
 * @param problem      why the row is invalid, or {@code null}
 * @param change       for a line of a roster's plan, what it changes; {@code null} for any other row
 * @param exportCells  for a row of an export read through a mapping, the export's own cells, which its failed file
 *                     keeps; empty otherwise
 * @param start        for a row of an export whose mapping reads start dates, the row's; {@code null} otherwise
 */
public record Row(long line, String emailAddress, String productsCell, List<String> products, String groupsCell,
        List<Group> groups, String actionCell, Action action, String problem, Change change,
        List<String> exportCells, StartDate start) {

    static Row read(long line, String emailAddress, String productsCell, String groupsCell, String actionCell) {
        return new Row(line, emailAddress, productsCell, List.of(), groupsCell, List.of(), actionCell, Action.JOIN,
                null, null, List.of(), null);
    }

    Row withProducts(List<String> keys) {
        return new Row(line, emailAddress, productsCell, List.copyOf(keys), groupsCell, groups, actionCell, action,
                problem, change, exportCells, start);
    }

    Row withGroups(List<Group> resolved) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, List.copyOf(resolved), actionCell,
                action, problem, change, exportCells, start);
    }

    Row withAction(Action asked) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, groups, actionCell, asked, problem,
                change, exportCells, start);
    }

    /**
     * The row as read from an export through a mapping: its own cells, why it cannot go on, if so, and its start
     * date, if the mapping reads one and the cell has it.
     */
    Row fromExport(List<String> cells, String why, StartDate startDate) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, groups, actionCell, action, why,
                change, List.copyOf(cells), startDate);
    }

    Row invalid(String why) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, groups, actionCell, action, why,
                change, exportCells, start);
    }

    /**
     * The row a line of a roster's plan stands for, numbered by its line in the plan: a roster row's own values for
     * the people it lists (a join takes the groups it joins), a bare address for the members it does not.
     *
     * @param planLine the line in the plan file
     * @param listed   the roster's row of the person, or {@code null}
     */
    public static Row planned(long planLine, String emailAddress, Row listed, Change change) {
        if (listed == null) {
            return new Row(planLine, emailAddress, "", List.of(), "", List.of(), "", Action.JOIN, null, change,
                    List.of(), null);
        }
        List<Group> groups = change.kind() == Change.Kind.JOIN ? change.added() : listed.groups;
        return new Row(planLine, listed.emailAddress, listed.productsCell, listed.products, listed.groupsCell, groups,
                listed.actionCell, Action.JOIN, listed.problem, change, listed.exportCells, listed.start);
    }

    /** Whether the row is a roster's line that sends nothing: unchanged, or its change held back. */
    public boolean isDecided() {
        return change != null && change.decided();
    }

    /** Whether the row is a roster's line that moves the person between managed groups, or out of them. */
    public boolean changesGroups() {
        return change != null && change.changesGroups();
    }

    /** Whether the row is to be left alone: nothing is sent for it. */
    public boolean isSkipped() {
        return action == Action.SKIP;
    }

    /**
     * Whether the row is a join that waits for its start date: on this day its account may not be created yet. A
     * roster's line waits if its plan says so, whatever the day now.
     */
    public boolean isAheadOf(LocalDate today) {
        if (change != null) {
            return change.kind() == Change.Kind.SCHEDULED;
        }
        return isValid() && action == Action.JOIN && start != null && start.isAhead(today);
    }

    /** Whether the row joins the person, now or on their start date: a roster's join line, or any valid join. */
    public boolean joins() {
        if (change != null) {
            return change.kind() == Change.Kind.JOIN || change.kind() == Change.Kind.SCHEDULED;
        }
        return isValid() && action == Action.JOIN;
    }

    /** Whether the row asks for the person to leave. */
    public boolean leaves() {
        return action == Action.LEAVE;
    }

    public boolean isValid() {
        return problem == null;
    }

    /** The body Atlassian's create-user API expects. */
    public NewUserDetails newUserDetails() {
        return new NewUserDetails(emailAddress, products);
    }

    /** The products as written to the output files: the resolved keys, or the cell when none were resolved. */
    String productsColumn() {
        return products.isEmpty() ? productsCell : String.join(";", products);
    }

    /** The action as written to the output files: the validated one, or the cell when it is not one. */
    String actionColumn() {
        if (change != null) {
            return change.kind().column();
        }
        return problem != null && Action.of(actionCell) == null ? actionCell : action.column();
    }

    /** The groups as written to the output files: the resolved names, or the cell when none were resolved. */
    String groupsColumn() {
        return groups.isEmpty() ? groupsCell : Group.names(groups, ";");
    }

    /** The group at this position, for the route's loop over them. */
    public Group group(int index) {
        return groups.get(index);
    }

    /** Jira's {@code NewUserDetails}: the only fields the API still accepts. */
    public record NewUserDetails(String emailAddress, List<String> products) {
    }
}
