package io.github.userimporter.site;

import java.util.List;
import java.util.Map;

import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import io.github.userimporter.simulator.AtlassianSimulator;
import io.github.userimporter.simulator.AtlassianSimulator.ReceivedRequest;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Returning employees, through the real route: Atlassian answers the create of an account that exists without Jira
 * access with 400, and the importer gives the account its products back by the groups that grant them.
 */
class RehireTest extends ImporterTestSupport {

    @Test
    void aReturningEmployeeJoinsTheDefaultGroupOfEachProductAndTheRowsGroups() throws Exception {
        importer.simulator.group("engineering").userWithoutAccess("ana@bancly.com")
                // A prefix of her address matches his too; only her exact address counts
                .existingUser("ana@bancly.com.au");
        importer.drop("hires.csv", """
                emailAddress,products,groups
                ana@bancly.com,jira-software;jira-servicedesk,engineering
                ben@bancly.com,jira-software,engineering
                """);

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        String ana = importer.simulator.users().get("ana@bancly.com");
        assertThat(importer.simulator.hasAccess("ana@bancly.com")).isTrue();
        assertThat(importer.simulator.members("jira-software-users")).containsExactly(ana);
        assertThat(importer.simulator.members("jira-servicedesk-users")).containsExactly(ana);
        assertThat(importer.simulator.members("engineering")).contains(ana).hasSize(2);
        List<CSVRecord> succeeded = readCsv(importer.output("hires", ".succeeded.csv"));
        assertThat(succeeded).extracting(row -> row.get("emailAddress") + "|" + row.get("accountId") + "|"
                + row.get("detail")).containsExactlyInAnyOrder("ana@bancly.com|" + ana + "|access restored",
                "ben@bancly.com|" + importer.simulator.users().get("ben@bancly.com") + "|");
        assertThat(summary("hires").get("restored").asLong()).isEqualTo(1);
        // Her create was refused, her account looked up by address, the products' groups read once, three joins
        List<String> forAna = importer.simulator.received().stream().filter(request -> request.body().contains(ana)
                || request.body().contains("\"ana@bancly.com\"") || request.path().endsWith("/user/search")
                || request.path().endsWith("/applicationrole")).map(ReceivedRequest::path).toList();
        assertThat(forAna).containsExactly("/rest/api/2/user", "/rest/api/3/user/search",
                "/rest/api/3/applicationrole", "/rest/api/3/group/user", "/rest/api/3/group/user",
                "/rest/api/3/group/user");
    }

    @Test
    void aSearchThatKeepsFailingFailsOnlyThatRowAfterItsRetries() throws Exception {
        importer.simulator.userWithoutAccess("ana@bancly.com").failEndpoint(AtlassianSimulator.FIND_USERS, 500);
        importer.settings.put("importer.max-retries", "1");
        importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-software\nben@bancly.com,jira-software\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(readCsv(importer.output("hires", ".succeeded.csv"))).extracting(row -> row.get("emailAddress"))
                .containsExactly("ben@bancly.com");
        assertThat(readCsv(importer.output("hires", ".failed.csv"))).extracting(row -> row.get("emailAddress") + "|"
                + row.get("status")).containsExactly("ana@bancly.com|500");
        // Tried, and tried once more
        assertThat(importer.simulator.received()).filteredOn(request -> request.path().endsWith("/user/search"))
                .hasSize(2);
    }

    @Test
    void aProductWithoutADefaultGroupFailsTheRowNamingItAndTheAccount() throws Exception {
        importer.simulator.userWithoutAccess("ana@bancly.com").applicationRole("jira-product-discovery");
        importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-product-discovery\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        String ana = importer.simulator.users().get("ana@bancly.com");
        List<CSVRecord> failed = readCsv(importer.output("hires", ".failed.csv"));
        assertThat(failed).extracting(row -> Map.of("status", row.get("status"), "error", row.get("error")))
                .containsExactly(Map.of("status", "no default group", "error", "jira-product-discovery has no default "
                        + "group on the site, so access to it cannot be given back by joining one: grant it in "
                        + "admin.atlassian.com (account " + ana + ")"));
        assertThat(importer.simulator.hasAccess("ana@bancly.com")).isFalse();
        assertThat(importer.simulator.received()).noneMatch(request -> request.path().endsWith("/group/user"));
    }
}
