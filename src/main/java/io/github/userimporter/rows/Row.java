package io.github.userimporter.rows;

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
 */
public record Row(long line, String emailAddress, String productsCell, List<String> products, String groupsCell,
        List<Group> groups, String actionCell, Action action, String problem) {

    static Row read(long line, String emailAddress, String productsCell, String groupsCell, String actionCell) {
        return new Row(line, emailAddress, productsCell, List.of(), groupsCell, List.of(), actionCell, Action.JOIN,
                null);
    }

    Row withProducts(List<String> keys) {
        return new Row(line, emailAddress, productsCell, List.copyOf(keys), groupsCell, groups, actionCell, action,
                problem);
    }

    Row withGroups(List<Group> resolved) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, List.copyOf(resolved), actionCell,
                action, problem);
    }

    Row withAction(Action asked) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, groups, actionCell, asked, problem);
    }

    Row invalid(String why) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, groups, actionCell, action, why);
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
        return problem != null && Action.of(actionCell) == null ? actionCell : action.column();
    }

    /** The groups as written to the output files: the resolved names, or the cell when none were resolved. */
    String groupsColumn() {
        return groups.isEmpty() ? groupsCell : String.join(";", groups.stream().map(Group::name).toList());
    }

    /** The group at this position, for the route's loop over them. */
    public Group group(int index) {
        return groups.get(index);
    }

    /** Jira's {@code NewUserDetails}: the only fields the API still accepts. */
    public record NewUserDetails(String emailAddress, List<String> products) {
    }
}
