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
 * @param problem      why the row is invalid, or {@code null}
 */
public record Row(long line, String emailAddress, String productsCell, List<String> products, String groupsCell,
        List<Group> groups, String problem) {

    static Row read(long line, String emailAddress, String productsCell, String groupsCell) {
        return new Row(line, emailAddress, productsCell, List.of(), groupsCell, List.of(), null);
    }

    Row withProducts(List<String> keys) {
        return new Row(line, emailAddress, productsCell, List.copyOf(keys), groupsCell, groups, problem);
    }

    Row withGroups(List<Group> resolved) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, List.copyOf(resolved), problem);
    }

    Row invalid(String why) {
        return new Row(line, emailAddress, productsCell, products, groupsCell, groups, why);
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
