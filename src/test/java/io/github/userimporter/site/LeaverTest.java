package io.github.userimporter.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import io.github.userimporter.simulator.AtlassianSimulator;
import io.github.userimporter.simulator.AtlassianSimulator.ReceivedRequest;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leavers, through the real route against the simulator: a row whose action is leave loses every group, and then
 * whatever IMPORTER_LEAVER_ACTION says; guards keep the wrong people, and too many people, from being offboarded.
 */
class LeaverTest extends ImporterTestSupport {

    private static final String ORG_ID = "5a7c1b2e-org";
    private static final String ORG_KEY = "org-key-7d41";

    @Test
    void aLeaverInSeveralGroupsLeavesEachOfThemAndAJoinerInTheSameFileIsCreated() throws Exception {
        importer.simulator
                .existingUser("ana@bancly.com", "jira-software-users", "engineering", "jira-servicedesk-users")
                .existingUser("ana@bancly.com.au", "engineering");
        importer.drop("hr.csv", """
                emailAddress,products,groups,action
                ana@bancly.com,,engineering,LEAVE
                ben@bancly.com,jira-software,engineering,join
                """);

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        String ana = importer.simulator.users().get("ana@bancly.com");
        assertThat(importer.simulator.groupsOf("ana@bancly.com")).isEmpty();
        assertThat(importer.simulator.groupsOf("ana@bancly.com.au")).containsExactly("engineering");
        assertThat(importer.simulator.users()).containsKey("ana@bancly.com");
        List<CSVRecord> succeeded = readCsv(importer.output("hr", ".succeeded.csv"));
        assertThat(succeeded).extracting(row -> row.get("emailAddress") + "|" + row.get("action") + "|"
                + row.get("accountId") + "|" + row.get("detail")).containsExactlyInAnyOrder(
                "ana@bancly.com|leave|" + ana + "|removed from engineering, jira-servicedesk-users, "
                        + "jira-software-users",
                "ben@bancly.com|join|" + importer.simulator.users().get("ben@bancly.com") + "|");
        assertThat(summary("hr").get("left").asLong()).isEqualTo(1);
        // Found by address, its groups read, one removal each, and nothing else sent for her
        assertThat(requestsFor(ana, "ana@bancly.com")).containsExactly("GET /rest/api/3/user/search",
                "GET /rest/api/3/user/groups", "DELETE /rest/api/3/group/user", "DELETE /rest/api/3/group/user",
                "DELETE /rest/api/3/group/user");
        assertThat(Files.readString(importer.output("hr", ".report.html"))).contains("id=\"leavers\"")
                .contains("removed from engineering, jira-servicedesk-users, jira-software-users");
    }

    @Test
    void deleteRemovesTheLeaverFromJiraAfterTheirGroups() throws Exception {
        importer.settings.put("importer.leaver-action", "delete");
        importer.simulator.existingUser("ana@bancly.com", "jira-software-users");
        String ana = importer.simulator.users().get("ana@bancly.com");
        importer.drop("leavers.csv", "emailAddress,action\nana@bancly.com,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.users()).doesNotContainKey("ana@bancly.com");
        assertThat(readCsv(importer.output("leavers", ".succeeded.csv"))).extracting(row -> row.get("detail"))
                .containsExactly("removed from jira-software-users; deleted");
        assertThat(requestsFor(ana, "ana@bancly.com")).endsWith("DELETE /rest/api/3/group/user",
                "DELETE /rest/api/3/user");
    }

    @Test
    void suspendGoesThroughTheOrganizationAdminApiWithTheOrgKeyAndSoDoGroupChanges() throws Exception {
        organization(true);
        importer.settings.put("importer.leaver-action", "suspend");
        importer.simulator.existingUser("ana@bancly.com", "jira-software-users", "engineering").group("engineering")
                .userWithoutAccess("cat@bancly.com");
        String ana = importer.simulator.users().get("ana@bancly.com");
        importer.drop("hr.csv", """
                emailAddress,products,groups,action
                ana@bancly.com,,,leave
                ben@bancly.com,jira-software,engineering,
                cat@bancly.com,jira-software,,
                """);

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.isSuspended("ana@bancly.com")).isTrue();
        assertThat(importer.simulator.groupsOf("ana@bancly.com")).isEmpty();
        // A joiner's group and a re-hire's product group were added through the Admin API too
        assertThat(importer.simulator.groupsOf("ben@bancly.com")).containsExactly("engineering");
        assertThat(importer.simulator.hasAccess("cat@bancly.com")).isTrue();
        assertThat(readCsv(importer.output("hr", ".succeeded.csv"))).extracting(row -> row.get("emailAddress") + "|"
                + row.get("detail")).containsExactlyInAnyOrder("ana@bancly.com|removed from engineering, "
                + "jira-software-users; suspended", "ben@bancly.com|", "cat@bancly.com|access restored");
        List<ReceivedRequest> admin = importer.simulator.received().stream()
                .filter(request -> request.path().startsWith("/admin/")).toList();
        assertThat(admin).extracting(request -> request.method() + " " + request.path().replace(ana, "{ana}")
                .replaceAll("directories/[^/]+/", "directories/{dir}/").replaceAll("groups/[^/]+/", "groups/{g}/"))
                .contains("GET /admin/v2/orgs/" + ORG_ID + "/directories",
                        "DELETE /admin/v2/orgs/" + ORG_ID + "/directories/{dir}/groups/{g}/memberships/{ana}",
                        "POST /admin/v2/orgs/" + ORG_ID + "/directories/{dir}/users/{ana}/suspend",
                        "POST /admin/v2/orgs/" + ORG_ID + "/directories/{dir}/groups/{g}/memberships");
        assertThat(admin).allMatch(request -> request.authorization().equals("Bearer " + ORG_KEY));
        assertThat(importer.simulator.received()).filteredOn(request -> !request.path().startsWith("/admin/"))
                .noneMatch(request -> request.authorization().contains(ORG_KEY))
                .noneMatch(request -> request.path().endsWith("/group/user"));
    }

    @Test
    void suspendWithoutTheOrganizationStopsStartUpBeforeAnyRequest() throws Exception {
        importer.settings.put("importer.leaver-action", "suspend");
        importer.drop("leavers.csv", "emailAddress,action\nana@bancly.com,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

        assertThat(importer.simulator.received()).isEmpty();
        assertThat(importer.inbox.resolve("leavers.csv")).exists();
    }

    @Test
    void centralizedUserManagementWithoutTheAdminApiFailsGroupChangesNamingTheSettings() throws Exception {
        importer.simulator.centralizedUserManagement(true).existingUser("ana@bancly.com", "jira-software-users")
                .group("engineering");
        importer.drop("hr.csv", """
                emailAddress,products,groups,action
                ana@bancly.com,,,leave
                ben@bancly.com,jira-software,engineering,join
                """);

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.groupsOf("ana@bancly.com")).containsExactly("jira-software-users");
        List<CSVRecord> failed = readCsv(importer.output("hr", ".failed.csv")).stream()
                .sorted(Comparator.comparing(row -> row.get("emailAddress"))).toList();
        assertThat(failed).extracting(row -> row.get("emailAddress") + "|" + row.get("status")).containsExactly(
                "ana@bancly.com|404", "ben@bancly.com|404");
        assertThat(failed).allSatisfy(row -> assertThat(row.get("error")).contains("centralized user management")
                .contains("IMPORTER_ORG_ID").contains("IMPORTER_ORG_API_KEY_FILE").doesNotContain("does not exist"));
        assertThat(failed.get(0).get("error")).startsWith("removing from group jira-software-users failed");
        assertThat(failed.get(0).get("accountId")).isEqualTo(importer.simulator.users().get("ana@bancly.com"));
    }

    @Test
    void noActiveAccountIsNothingToTakeAwayAndTwoAccountsWithTheAddressAreOneTooMany() throws Exception {
        importer.simulator.existingUser("dan@bancly.com", "jira-software-users").secondAccount("dan@bancly.com");
        importer.drop("leavers.csv", "emailAddress,action\ngone@bancly.com,leave\ndan@bancly.com,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(readCsv(importer.output("leavers", ".succeeded.csv"))).extracting(row -> row.get("emailAddress")
                + "|" + row.get("accountId") + "|" + row.get("detail"))
                .containsExactly("gone@bancly.com||no active account on the site");
        assertThat(readCsv(importer.output("leavers", ".failed.csv"))).extracting(row -> row.get("emailAddress")
                + "|" + row.get("status")).containsExactly("dan@bancly.com|ambiguous");
        assertThat(importer.simulator.groupsOf("dan@bancly.com")).containsExactly("jira-software-users");
        assertThat(importer.simulator.received()).extracting(ReceivedRequest::method).doesNotContain("DELETE");
    }

    @Test
    void protectedPeopleAreNeverOffboardedAndSayWhy() throws Exception {
        importer.settings.put("importer.protected-accounts", "cfo@bancly.com; CTO@bancly.com");
        importer.simulator.existingUser(ImporterFixture.EMAIL, "site-admins", "jira-software-users")
                .existingUser("eve@bancly.com", "Site-Admins", "jira-software-users")
                .existingUser("cto@bancly.com", "jira-software-users")
                .existingUser("fay@bancly.com", "jira-software-users");
        importer.drop("leavers.csv", "emailAddress,action\n" + ImporterFixture.EMAIL.toUpperCase()
                + ",leave\neve@bancly.com,leave\ncto@bancly.com,leave\nfay@bancly.com,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        List<CSVRecord> failed = readCsv(importer.output("leavers", ".failed.csv"));
        assertThat(failed).extracting(row -> Map.of(row.get("status"), row.get("error"))).containsExactlyInAnyOrder(
                Map.of("protected", "not offboarded: the importer's own account (ATLASSIAN_EMAIL)"),
                Map.of("protected", "not offboarded: a member of site-admins, which IMPORTER_PROTECTED_GROUPS "
                        + "protects"),
                Map.of("protected", "not offboarded: listed in IMPORTER_PROTECTED_ACCOUNTS"));
        assertThat(importer.simulator.groupsOf(ImporterFixture.EMAIL)).hasSize(2);
        assertThat(importer.simulator.groupsOf("eve@bancly.com")).hasSize(2);
        assertThat(importer.simulator.groupsOf("cto@bancly.com")).hasSize(1);
        assertThat(importer.simulator.groupsOf("fay@bancly.com")).isEmpty();
        assertThat(Files.readString(importer.output("leavers", ".report.html"))).contains("These leavers are "
                + "protected, and kept their access");
        // Protected addresses are decided before any request
        assertThat(importer.simulator.received()).filteredOn(request -> request.path().endsWith("/user/search"))
                .hasSize(2);
    }

    @Test
    void theImportersOwnAccountIsProtectedByItsAccountIdToo() throws Exception {
        // The site knows the admin by another address than ATLASSIAN_EMAIL: only the account ID tells
        importer.simulator.existingUser("it-ops@bancly.com", "jira-software-users").myselfAs("it-ops@bancly.com");
        importer.drop("leavers.csv", "emailAddress,action\nit-ops@bancly.com,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.groupsOf("it-ops@bancly.com")).hasSize(1);
        assertThat(readCsv(importer.output("leavers", ".failed.csv"))).extracting(row -> row.get("status") + "|"
                + row.get("error")).containsExactly("protected|not offboarded: the importer's own account");
    }

    @Test
    void aFileWithMoreLeaversThanTheGuardIsRejectedBeforeAnyRequestUnlessOneRunRaisesIt() throws Exception {
        importer.settings.put("importer.max-leavers", "2");
        importer.simulator.existingUser("a1@bancly.com", "jira-software-users");
        importer.drop("leavers.csv", "emailAddress,products,action\na1@bancly.com,,leave\na2@bancly.com,,leave\n"
                + "a3@bancly.com,,Leave\nnew@bancly.com,jira-software,join\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.received()).extracting(ReceivedRequest::path)
                .containsOnly("/rest/api/2/myself");
        List<Path> rejected;
        try (var files = Files.list(importer.inbox.resolve(".error"))) {
            rejected = files.sorted().toList();
        }
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(1)).content().contains("3 rows ask for a leave, more than IMPORTER_MAX_LEAVERS (2) "
                + "allows; nothing was sent");

        Files.move(rejected.get(0), importer.inbox.resolve("leavers.csv"));
        assertThat(importer.runOnce("--max-leavers", "3")).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.groupsOf("a1@bancly.com")).isEmpty();
    }

    @Test
    void aDryRunLooksLeaversUpAndListsTheGroupsTheyWouldLoseWithoutChangingAnything() throws Exception {
        importer.settings.put("importer.leaver-action", "delete");
        importer.simulator.existingUser("ana@bancly.com", "jira-software-users", "engineering");
        importer.drop("leavers.csv", "emailAddress,products,action\nana@bancly.com,,leave\n"
                + "ben@bancly.com,jira-software,\n");

        assertThat(importer.runOnce("--dry-run")).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.groupsOf("ana@bancly.com")).hasSize(2);
        assertThat(importer.simulator.received()).extracting(ReceivedRequest::method).containsOnly("GET");
        assertThat(readCsv(importer.output("leavers", ".succeeded.csv"))).extracting(row -> row.get("emailAddress")
                + "|" + row.get("detail")).containsExactlyInAnyOrder("ana@bancly.com|would remove from engineering, "
                + "jira-software-users; would delete", "ben@bancly.com|");
        assertThat(importer.inbox.resolve("leavers.csv")).exists();
    }

    @Test
    void aStepThatFailsNamesItselfKeepsTheAccountAndTheFailedFileDroppedBackFinishesTheRest() throws Exception {
        importer.settings.put("importer.leaver-action", "delete");
        importer.simulator.existingUser("ana@bancly.com", "jira-software-users", "engineering")
                .failEndpoint(AtlassianSimulator.DELETE_USER, 400);
        String ana = importer.simulator.users().get("ana@bancly.com");
        importer.drop("leavers.csv", "emailAddress,action\nana@bancly.com,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        CSVRecord failed = readCsv(importer.output("leavers", ".failed.csv")).get(0);
        assertThat(failed.get("action")).isEqualTo("leave");
        assertThat(failed.get("status")).isEqualTo("400");
        assertThat(failed.get("error")).startsWith("deleting the user failed: ");
        assertThat(failed.get("detail")).isEqualTo("removed from engineering, jira-software-users");
        assertThat(failed.get("accountId")).isEqualTo(ana);

        importer.simulator.failEndpoint(AtlassianSimulator.DELETE_USER, 0);
        Files.copy(importer.output("leavers", ".failed.csv"), importer.inbox.resolve("leavers-again.csv"));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.users()).doesNotContainKey("ana@bancly.com");
        assertThat(readCsv(importer.output("leavers-again", ".succeeded.csv"))).extracting(row -> row.get("detail"))
                .containsExactly("in no group; deleted");
    }

    @Test
    void anActionThatIsNeitherJoinNorLeaveMakesTheRowInvalid() throws Exception {
        importer.simulator.existingUser("ana@bancly.com", "jira-software-users");
        importer.drop("hr.csv", "emailAddress,products,action\nana@bancly.com,jira-software,terminated\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(readCsv(importer.output("hr", ".failed.csv"))).extracting(row -> row.get("action") + "|"
                + row.get("error")).containsExactly("terminated|action must be join, leave, skip or empty (any case), "
                + "not terminated");
        assertThat(importer.simulator.received()).extracting(ReceivedRequest::path)
                .containsOnly("/rest/api/2/myself");
    }

    /** Sets up the organization Admin API, on the simulator and in the settings. */
    private void organization(boolean centralized) throws Exception {
        importer.simulator.organization(ORG_ID, ORG_KEY).centralizedUserManagement(centralized);
        Path keyFile = Files.writeString(folder.resolve("org-key"), ORG_KEY);
        importer.settings.put("importer.org-id", ORG_ID);
        importer.settings.put("importer.org-api-key-file", keyFile.toString());
        importer.settings.put("importer.admin-api-url", importer.simulator.siteUrl());
    }

    /** The requests about this account or address, as "METHOD path". */
    private List<String> requestsFor(String accountId, String emailAddress) {
        return importer.simulator.interactions().stream().filter(request -> String.valueOf(request.query())
                .contains(accountId.replace(":", "%3A")) || String.valueOf(request.query()).contains(emailAddress
                .replace("@", "%40")) || request.requestBody().contains(accountId))
                .map(request -> request.method() + " " + request.path()).toList();
    }
}
