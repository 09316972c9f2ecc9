package io.github.userimporter.rows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import static io.github.userimporter.exchange.ExchangeProperties.IMPORT;

/**
 * Decides, before any request, whether a row can be posted and with which products. Rows are validated in file order,
 * on the thread that reads the file, so "the first of two equal addresses is posted" holds under parallel posting.
 */
public final class RowValidator {

    /** RFC 5321's limit on a forward path. */
    static final int MAX_EMAIL_LENGTH = 254;

    private final List<String> defaultProducts;
    private final Set<String> allowedProducts;
    private final List<String> defaultGroups;
    private final Set<String> managedGroups;

    /**
     * @param defaultGroups the groups of rows whose groups cell is empty
     * @param managedGroups the only groups a roster's rows may name (compared without case)
     */
    public RowValidator(List<String> defaultProducts, Set<String> allowedProducts, List<String> defaultGroups,
            Set<String> managedGroups) {
        this.defaultProducts = defaultProducts;
        this.allowedProducts = allowedProducts;
        this.defaultGroups = defaultGroups;
        this.managedGroups = managedGroups;
    }

    /** Validates each row as the splitter pulls it, so the file is still streamed. */
    public Iterator<Row> validate(@Body Iterator<Row> rows, @ExchangeProperty(IMPORT) Reading current) {
        Set<Long> repeatedHashes = current.repeatedAddressHashes();
        // Only addresses the inspection saw more than once are remembered, so memory stays flat on large files
        Map<String, Long> firstLines = new HashMap<>();
        return new Iterator<>() {
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && !current.stopping() && rows.hasNext()) {
                    Row row = validateInOrder(rows.next());
                    // A resumed import skips the rows written before, having still seen them for duplicates
                    if (!current.isRecorded(row.line())) {
                        next = row;
                    }
                }
                return next != null && !current.stopping();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }

            private Row validateInOrder(Row read) {
                Row row = validate(read, current);
                String email = row.emailAddress();
                if (!email.isEmpty() && repeatedHashes.contains(addressHash(email))) {
                    Long first = firstLines.putIfAbsent(email.toLowerCase(Locale.ROOT), row.line());
                    if (first != null) {
                        return row.invalid("duplicate of line " + first);
                    }
                }
                return row;
            }
        };
    }

    /** A 64-bit hash of the address as Atlassian compares it (case-insensitively). */
    public static long addressHash(String emailAddress) {
        long hash = 1125899906842597L;
        for (int i = 0; i < emailAddress.length(); i++) {
            hash = 31 * hash + Character.toLowerCase(emailAddress.charAt(i));
        }
        return hash;
    }

    Row validate(Row row, Reading reading) {
        // A value the export's mapping has no entry for
        if (!row.isValid()) {
            return row;
        }
        Action action = Action.of(row.actionCell());
        if (action == Action.SKIP) {
            return row.withAction(action);
        }
        String emailProblem = emailProblem(row.emailAddress());
        if (emailProblem != null) {
            return row.invalid(emailProblem);
        }
        if (action == null) {
            return row.invalid("action must be join, leave, skip or empty (any case), not " + row.actionCell());
        }
        if (action == Action.LEAVE) {
            // A leaver loses every group, whatever the row names: products and groups say what a join gets
            return row.withAction(action);
        }
        String cell = row.productsCell();
        List<String> keys = cell.isEmpty() ? defaultProducts : names(cell);
        if (keys.isEmpty()) {
            return row.invalid("products is empty and no default is configured (IMPORTER_DEFAULT_PRODUCTS)");
        }
        if (keys.contains("")) {
            return row.invalid("products has an empty key (look for ;; or a ; at either end): " + cell);
        }
        for (String key : keys) {
            if (!allowedProducts.contains(key)) {
                return row.invalid("unknown product " + key + "; allowed: " + String.join(", ",
                        allowedProducts.stream().sorted().toList()));
            }
        }
        List<String> groupNames = row.groupsCell().isEmpty() ? defaultGroups : names(row.groupsCell());
        if (groupNames.contains("")) {
            return row.invalid("groups has an empty name (look for ;; or a ; at either end): " + row.groupsCell());
        }
        if (reading.isRoster()) {
            String problem = rosterGroupsProblem(groupNames);
            if (problem != null) {
                return row.invalid(problem);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (String name : groupNames) {
            String id = reading.groupsLookedUp() ? reading.groupId(name) : null;
            if (reading.groupsLookedUp() && id == null) {
                return row.invalid("group " + name + " does not exist on the site; no user was created for this "
                        + "row");
            }
            groups.add(new Group(name, id));
        }
        return row.withProducts(keys).withGroups(groups);
    }

    /** Why a roster's row cannot name these groups, or {@code null}: a roster speaks of the managed groups only. */
    private String rosterGroupsProblem(List<String> groupNames) {
        String managed = String.join("; ", managedGroups);
        if (groupNames.isEmpty()) {
            return "groups is empty: a roster row names the managed groups the person belongs in (" + managed + ")";
        }
        for (String name : groupNames) {
            if (!managedGroups.contains(name)) {
                return "group " + name + " is not managed: a roster names only the groups of IMPORTER_MANAGED_GROUPS ("
                        + managed + ")";
            }
        }
        return null;
    }

    /** The names in a products or groups cell, separated by {@code ;}. */
    private static List<String> names(String cell) {
        return List.of(cell.split(";", -1)).stream().map(String::trim).toList();
    }

    public static String emailProblem(String email) {
        if (email.isEmpty()) {
            return "emailAddress is empty";
        }
        if (email.length() > MAX_EMAIL_LENGTH) {
            return "emailAddress is longer than " + MAX_EMAIL_LENGTH + " characters";
        }
        if (email.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "emailAddress contains a space or control character: " + printable(email);
        }
        int at = email.indexOf('@');
        if (at < 0 || at != email.lastIndexOf('@')) {
            return "emailAddress must contain exactly one @: " + email;
        }
        String domain = email.substring(at + 1);
        if (at == 0 || !domain.contains(".") || domain.startsWith(".") || domain.endsWith(".")) {
            return "emailAddress needs a name and a domain with a dot, like name@example.com: " + email;
        }
        return null;
    }

    private static String printable(String value) {
        StringBuilder shown = new StringBuilder();
        value.codePoints().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return shown.toString();
    }
}
