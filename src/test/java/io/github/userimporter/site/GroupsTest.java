package io.github.userimporter.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import io.github.userimporter.simulator.AtlassianSimulator.ReceivedRequest;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/** Groups on create, through the real route: each new user lands in the groups its row names. */
class GroupsTest extends ImporterTestSupport {

    @BeforeEach
    void siteGroups() {
        importer.simulator.group("engineering").group("jira-software-users").group("new-hires");
    }

    @Test
    void eachUserJoinsEveryGroupItsRowNames() throws Exception {
        importer.drop("team.csv", """
                emailAddress,products,groups
                ana@bancly.com,jira-software,engineering;jira-software-users
                ben@bancly.com,jira-software,Engineering
                """);

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        Map<String, String> users = importer.simulator.users();
        assertThat(importer.simulator.members("engineering")).containsExactlyInAnyOrder(users.get("ana@bancly.com"),
                users.get("ben@bancly.com"));
        assertThat(importer.simulator.members("jira-software-users")).containsExactly(users.get("ana@bancly.com"));
        assertThat(succeeded("team")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ana@bancly.com", "engineering;jira-software-users", "ben@bancly.com", "Engineering"));
        // Names were resolved to IDs once, in one request, before any user was created
        List<ReceivedRequest> requests = importer.simulator.received();
        assertThat(requests.stream().filter(request -> request.path().equals("/rest/api/3/group/bulk"))).hasSize(1);
        assertThat(requests.stream().filter(request -> !request.path().endsWith("/myself")).findFirst().orElseThrow()
                .path()).isEqualTo("/rest/api/3/group/bulk");
    }

    @Test
    void anEmptyGroupsCellTakesTheDefaultGroups() throws Exception {
        importer.settings.put("importer.default-groups", "new-hires;jira-software-users");
        importer.drop("team.csv", "emailAddress,products,groups\nana@bancly.com,jira-software,\n"
                + "ben@bancly.com,jira-software,engineering\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        Map<String, String> users = importer.simulator.users();
        assertThat(importer.simulator.members("new-hires")).containsExactly(users.get("ana@bancly.com"));
        assertThat(importer.simulator.members("jira-software-users")).containsExactly(users.get("ana@bancly.com"));
        assertThat(importer.simulator.members("engineering")).containsExactly(users.get("ben@bancly.com"));
    }

    @Test
    void aRowNamingAGroupTheSiteLacksIsRefusedBeforeItsUserIsCreated() throws Exception {
        importer.drop("team.csv", "emailAddress,products,groups\nana@bancly.com,jira-software,engineering;finance\n"
                + "ben@bancly.com,jira-software,engineering\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.users()).containsOnlyKeys("ben@bancly.com");
        CSVRecord failed = readCsv(importer.output("team", ".failed.csv")).get(0);
        assertThat(failed.get("emailAddress")).isEqualTo("ana@bancly.com");
        assertThat(failed.get("status")).isEqualTo("invalid");
        assertThat(failed.get("error")).isEqualTo("group finance does not exist on the site; no user was created for "
                + "this row");
    }

    @Test
    void anExistingMemberIsWhatTheRowAskedFor() throws Exception {
        importer.simulator.existingUser("ana@bancly.com", "engineering");
        importer.drop("team.csv", "emailAddress,products,groups\nana@bancly.com,jira-software,engineering;new-hires\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        String ana = importer.simulator.users().get("ana@bancly.com");
        assertThat(importer.simulator.members("engineering")).containsExactly(ana);
        assertThat(importer.simulator.members("new-hires")).containsExactly(ana);
        assertThat(succeeded("team")).containsEntry("ana@bancly.com", "engineering;new-hires");
    }

    @Test
    void aGroupThatCannotBeJoinedFailsTheRowWithItsAccountAndDroppingItBackFinishesIt() throws Exception {
        importer.settings.put("importer.max-retries", "1");
        importer.settings.put("importer.concurrency", "1");
        // The second group addition and every one after it fail: ana joins engineering, not new-hires
        importer.simulator.failGroupAddsFrom(2);
        importer.drop("team.csv", "emailAddress,products,groups\nana@bancly.com,jira-software,engineering;new-hires\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        String ana = importer.simulator.users().get("ana@bancly.com");
        assertThat(importer.simulator.members("engineering")).containsExactly(ana);
        assertThat(importer.simulator.members("new-hires")).isEmpty();
        // Sent again once, then given up
        assertThat(importer.simulator.groupAdds()).isEqualTo(1 + 2);
        Path failedFile = importer.output("team", ".failed.csv");
        CSVRecord failed = readCsv(failedFile).get(0);
        assertThat(failed.get("accountId")).isEqualTo(ana);
        assertThat(failed.get("status")).isEqualTo("500");
        assertThat(failed.get("error")).isEqualTo("created, but not added to group new-hires: Internal server error");
        assertThat(failed.get("groups")).isEqualTo("engineering;new-hires");
        assertThat(readCsv(importer.output("team", ".succeeded.csv"))).isEmpty();

        importer.simulator.failGroupAddsFrom(0);
        Files.copy(failedFile, importer.inbox.resolve("team-again.csv"));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.members("new-hires")).containsExactly(ana);
        assertThat(succeeded("team-again")).containsEntry("ana@bancly.com", "engineering;new-hires");
    }

    @Test
    void aStopBetweenCreatingTheUserAndAddingItToItsGroupsIsResumedAndFinished() throws Exception {
        // The token stops working between the create and the group addition, as a crash there would leave it: the
        // user exists, in no group, and the row is not in the journal
        importer.simulator.refuseGroupAdds(true);
        importer.drop("team.csv", "emailAddress,products,groups\nana@bancly.com,jira-software,engineering\n");
        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
        assertThat(importer.simulator.users()).containsKey("ana@bancly.com");
        assertThat(importer.simulator.members("engineering")).isEmpty();

        importer.simulator.refuseGroupAdds(false);
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.members("engineering")).containsExactly(
                importer.simulator.users().get("ana@bancly.com"));
        assertThat(succeeded("team")).containsOnlyKeys("ana@bancly.com");
    }

    /** {@code emailAddress -> groups} of the succeeded file. */
    private Map<String, String> succeeded(String baseName) throws Exception {
        return readCsv(importer.output(baseName, ".succeeded.csv")).stream().collect(Collectors.toMap(
                row -> row.get("emailAddress"), row -> row.get("groups")));
    }
}
