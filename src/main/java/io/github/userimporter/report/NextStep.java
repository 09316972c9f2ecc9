package io.github.userimporter.report;

/** What an admin does about the rows that failed for a reason, in the words the report uses. */
final class NextStep {

    private static final String DROP_BACK = " Then drop the failed file back into the inbox: it imports only what is "
            + "missing.";

    private NextStep() {
    }

    static String forReason(String reason) {
        if (reason.startsWith("invalid")) {
            return "Fix these cells in the failed file." + DROP_BACK;
        }
        if (reason.startsWith("no default group")) {
            return "Their products give access through no default group on the site: grant these people the "
                    + "product in admin.atlassian.com." + DROP_BACK;
        }
        if (reason.startsWith("protected")) {
            return "These leavers are protected, and kept their access: if they really leave, offboard them in "
                    + "admin.atlassian.com. Do not drop them back.";
        }
        if (reason.contains("offboard the right one")) {
            return "Several accounts have these leavers' addresses; nothing was changed: offboard the right one in "
                    + "admin.atlassian.com.";
        }
        if (reason.contains("centralized user management")) {
            return "The organization manages users centrally: set IMPORTER_ORG_ID and IMPORTER_ORG_API_KEY_FILE so "
                    + "that group changes go through the organization Admin API." + DROP_BACK;
        }
        if (reason.startsWith("not found") || reason.startsWith("ambiguous")
                || reason.contains("without Jira access")) {
            return "These people have an Atlassian account without Jira that could not be matched by its address: "
                    + "grant them access in admin.atlassian.com." + DROP_BACK;
        }
        if (reason.contains("maximum number of users")) {
            return "The site has no licence left: free or buy seats." + DROP_BACK;
        }
        if (reason.contains("created, but not added to group")) {
            return "The users exist; only their groups are missing." + DROP_BACK;
        }
        if (reason.startsWith("429") || reason.startsWith("5") || reason.startsWith("timeout")
                || reason.startsWith("error")) {
            return "The site was busy or could not be reached, even after retries." + DROP_BACK;
        }
        return "Read the site's message; fix what it names." + DROP_BACK;
    }
}
