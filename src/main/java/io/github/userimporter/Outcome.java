package io.github.userimporter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What became of one row: created with an account ID, or failed with a status and a reason a person can act on.
 *
 * @param row       the row
 * @param succeeded whether the user now exists with Jira access
 * @param status    the HTTP status, or a word such as {@code invalid} where no answer was had
 * @param accountId the Atlassian account ID, when succeeded
 * @param error     Atlassian's error text or our own reason, when failed
 */
public record Outcome(Row row, boolean succeeded, String status, String accountId, String error) {

    static final String INVALID = "invalid";

    static Outcome created(Row row, String accountId) {
        return new Outcome(row, true, "201", accountId, "");
    }

    static Outcome failed(Row row, String status, String error) {
        return new Outcome(row, false, status, "", error);
    }

    /**
     * The row as an output record, by column name; each output file picks its own columns. Line breaks are folded so
     * that a record stays one line.
     */
    public Map<String, Object> getRecord() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("emailAddress", row.emailAddress());
        record.put("products", row.productsColumn());
        record.put("accountId", accountId);
        record.put("status", status);
        record.put("error", error.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
        record.put("line", row.line());
        return record;
    }
}
