package io.github.userimporter.site;

import java.util.Locale;

/** What a leaver loses beyond their groups ({@code IMPORTER_LEAVER_ACTION}). */
public enum LeaverAction {

    /** Nothing more: every product reached through a group is gone with the groups. */
    GROUPS,
    /** Deleted from Jira's user base ({@code DELETE /rest/api/3/user}); the Atlassian account stays. */
    DELETE,
    /** Access suspended in the organization, on every site and product ({@code .../users/{accountId}/suspend}). */
    SUSPEND;

    /** The setting's value, any case; {@code null} for anything else. */
    public static LeaverAction of(String value) {
        for (LeaverAction action : values()) {
            if (action.name().equalsIgnoreCase(value)) {
                return action;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
