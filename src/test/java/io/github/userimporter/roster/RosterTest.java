package io.github.userimporter.roster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import io.github.userimporter.simulator.AtlassianSimulator.ReceivedRequest;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rosters, through the real route against the simulator: a file named *.roster.csv is the whole membership of the
 * managed groups, and the site follows it, by a plan written before the first change.
 */
class RosterTest extends ImporterTestSupport {

    @BeforeEach
    void managedGroups() {
        importer.settings.put("importer.managed-groups", "engineering;sales");
        importer.settings.put("importer.default-products", "jira-software");
        importer.simulator.group("engineering").group("sales");
    }

    @Test
    void aRosterPersonWhoseStartDateIsAheadWaitsAndJoinsOnTheDay() throws Exception {
        importer.mapping("columns:\n  emailAddress: Email\n  groups: Team\n  startDate: Start\nstartDate:\n"
                + "  format: M/d/yyyy\n  daysAhead: 0\n");
        importer.simulator.existingUser("ana@bancly.com", "engineering");
        importer.clock.setDay(LocalDate.of(2027, 3, 1));
        importer.drop("team.roster.csv", "Email,Team,Start\nana@bancly.com,engineering,1/4/2021\n"
                + "ben@bancly.com,sales,3/1/2027\ncat@bancly.com,sales,3/15/2027\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(readCsv(importer.output("team.roster", ".plan.csv"))).extracting(line -> line.get("emailAddress")
                + "|" + line.get("change")).containsExactly("ana@bancly.com|unchanged", "ben@bancly.com|join",
                "cat@bancly.com|scheduled");
        assertThat(importer.simulator.groupsOf("ben@bancly.com")).containsExactly("sales");
        assertThat(importer.simulator.users()).doesNotContainKey("cat@bancly.com");
        assertThat(readCsv(importer.output("team.roster", ".scheduled.csv"))).extracting(row -> row.get("Email")
                + "|" + row.get("importOn")).containsExactly("cat@bancly.com|2027-03-15");

        importer.clock.setDay(LocalDate.of(2027, 3, 15));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        // On the day, a join of its own: not a roster, which would remove everyone it does not list
        assertThat(importer.simulator.groupsOf("cat@bancly.com")).containsExactly("sales");
        assertThat(importer.simulator.groupsOf("ana@bancly.com")).containsExactly("engineering");
        assertThat(importer.outputs("team.roster", ".plan.csv")).hasSize(1);
    }

    @Test
    void eachKindOfLineIsDoneAsThePlanWrittenBeforeTheFirstChangeSays() throws Exception {
        importer.simulator.existingUser("ana@bancly.com", "engineering")
                .existingUser("ben@bancly.com", "engineering")
                .existingUser("cat@bancly.com", "engineering", "sales", "jira-software-users")
                .existingUser("fay@bancly.com", "engineering").hiddenAddress("fay@bancly.com")
                // Deactivated, and still in a managed group: listed only when inactive users are asked for
                .existingUser("old@bancly.com", "sales").deactivated("old@bancly.com")
                .appAccount("Automation for Jira", "sales");
        for (int i = 1; i <= 9; i++) {
            importer.simulator.existingUser("staff" + i + "@bancly.com", "sales");
        }
        String staff = IntStream.rangeClosed(1, 9).mapToObj(i -> "staff" + i + "@bancly.com,,sales\n")
                .collect(Collectors.joining());
        importer.drop("team.roster.csv", "emailAddress,products,groups\nANA@bancly.com,,engineering\n"
                + "ben@bancly.com,,sales\ndan@bancly.com,,engineering\n" + staff);

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        String cat = importer.simulator.users().get("cat@bancly.com");
        String ben = importer.simulator.users().get("ben@bancly.com");
        List<CSVRecord> plan = readCsv(importer.output("team.roster", ".plan.csv"));
        assertThat(ImporterFixture.header(importer.output("team.roster", ".plan.csv"))).containsExactly(
                "emailAddress", "accountId", "change", "groupsAdded", "groupsRemoved", "line", "note");
        assertThat(plan).extracting(line -> line.get("emailAddress") + "|" + line.get("change") + "|"
                + line.get("groupsAdded") + "|" + line.get("groupsRemoved")).startsWith(
                "ANA@bancly.com|unchanged||", "ben@bancly.com|move|sales|engineering", "dan@bancly.com|join|engineering|")
                .contains("cat@bancly.com|remove||engineering;sales", "old@bancly.com|remove||sales",
                        "|not matched||sales", "|not matched||engineering").hasSize(16);
        assertThat(importer.simulator.groupsOf("ben@bancly.com")).containsExactly("sales");
        // Only the managed groups: a removal is not an offboarding
        assertThat(importer.simulator.groupsOf("cat@bancly.com")).containsExactly("jira-software-users");
        assertThat(importer.simulator.groupsOf("dan@bancly.com")).containsExactly("engineering");
        assertThat(importer.simulator.groupsOf("fay@bancly.com")).containsExactly("engineering");
        assertThat(importer.simulator.groupsOf("ana@bancly.com")).containsExactly("engineering");
        assertThat(importer.simulator.groupsOf("old@bancly.com")).isEmpty();
        assertThat(readCsv(importer.output("team.roster", ".succeeded.csv"))).extracting(row -> row.get("emailAddress")
                + "|" + row.get("action") + "|" + row.get("accountId") + "|" + row.get("detail")).contains(
                "ben@bancly.com|move|" + ben + "|added to sales; removed from engineering",
                "cat@bancly.com|remove|" + cat + "|removed from engineering, sales",
                "ANA@bancly.com|unchanged|" + importer.simulator.users().get("ana@bancly.com") + "|unchanged")
                .hasSize(14);
        // Member pages, then the changes: a create and a join, an addition and a removal, three removals
        assertThat(importer.simulator.received()).extracting(request -> request.method() + " " + request.path())
                .filteredOn(request -> !request.endsWith("/myself") && !request.endsWith("/group/bulk"))
                .containsExactlyInAnyOrder("GET /rest/api/3/group/member", "GET /rest/api/3/group/member",
                        "POST /rest/api/2/user", "POST /rest/api/3/group/user", "POST /rest/api/3/group/user",
                        "DELETE /rest/api/3/group/user", "DELETE /rest/api/3/group/user",
                        "DELETE /rest/api/3/group/user", "DELETE /rest/api/3/group/user");
        assertThat(summary("team.roster").get("plan").toString()).isEqualTo(
                "{\"join\":1,\"move\":1,\"remove\":2,\"unchanged\":10,\"not matched\":2}");
    }

    @Test
    void membersAreReadPageByPageAndASecondRosterAlikeSendsNothingButThePages() throws Exception {
        String team = IntStream.rangeClosed(1, 120).mapToObj(i -> "dev" + i + "@bancly.com")
                .peek(address -> importer.simulator.existingUser(address, "engineering"))
                .map(address -> address + ",,engineering").collect(Collectors.joining("\n"));
        importer.drop("team.roster.csv", "emailAddress,products,groups\nnew@bancly.com,,sales\n" + team + "\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.interactions()).filteredOn(request -> request.path().endsWith("/group/member"))
                .extracting(request -> request.query().replaceFirst("groupId=[^&]+&", ""))
                .containsExactlyInAnyOrder("includeInactiveUsers=true&startAt=0&maxResults=50",
                        "includeInactiveUsers=true&startAt=50&maxResults=50",
                        "includeInactiveUsers=true&startAt=100&maxResults=50",
                        "includeInactiveUsers=true&startAt=0&maxResults=50");
        assertThat(importer.simulator.groupsOf("new@bancly.com")).containsExactly("sales");

        int before = importer.simulator.received().size();
        importer.drop("team-tomorrow.roster.csv", "emailAddress,groups,products\n" + team.replace(",,engineering",
                ",engineering,") + "\nnew@bancly.com,sales,\n");
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        List<ReceivedRequest> second = importer.simulator.received().subList(before,
                importer.simulator.received().size());
        assertThat(second).extracting(ReceivedRequest::method).containsOnly("GET");
        assertThat(second).filteredOn(request -> request.path().endsWith("/group/member")).hasSize(4);
        assertThat(summary("team-tomorrow.roster").get("plan").toString()).isEqualTo("{\"unchanged\":121}");
    }

    @Test
    void aRosterThatWouldRemoveMoreThanAQuarterOfTheMembersIsRejectedBeforeAnyChange() throws Exception {
        engineering(8, 5);

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.received()).extracting(ReceivedRequest::method).containsOnly("GET");
        assertThat(importer.simulator.members("engineering")).hasSize(8);
        assertThat(rejection()).contains("the roster would remove 3 of the 8 members of the managed groups, more "
                + "than a quarter; nothing was changed");
        // Whom it would have removed is in the outbox
        assertThat(Files.readString(onlyFile(importer.outbox, ".plan.csv"))).contains("dev8@bancly.com");
    }

    @Test
    void removalsCountAgainstTheLeaverLimit() throws Exception {
        importer.settings.put("importer.max-leavers", "1");
        engineering(20, 18);

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.received()).extracting(ReceivedRequest::method).containsOnly("GET");
        assertThat(rejection()).contains("the roster would remove 2 people from the managed groups, more than "
                + "IMPORTER_MAX_LEAVERS (1) allows; nothing was changed");
    }

    @Test
    void rostersWithoutManagedGroupsWithAnActionColumnOrWithoutRowsAreRejectedBeforeAnyRequest() throws Exception {
        importer.drop("empty.roster.csv", "emailAddress,groups\n");
        importer.drop("leavers.roster.csv", "emailAddress,groups,action\nana@bancly.com,engineering,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(rejections()).anySatisfy(text -> assertThat(text).contains("the roster has no rows"))
                .anySatisfy(text -> assertThat(text).contains("a roster has no action column"));
        importer.settings.put("importer.managed-groups", "");
        importer.drop("team.roster.csv", "emailAddress,groups\nana@bancly.com,engineering\n");
        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);
        assertThat(rejections()).anySatisfy(text -> assertThat(text).contains("IMPORTER_MANAGED_GROUPS names none"));
        assertThat(importer.simulator.received()).extracting(ReceivedRequest::path).containsOnly("/rest/api/2/myself");
    }

    @Test
    void aRowNamingAnUnmanagedGroupIsInvalidAndHoldsEveryRemovalBack() throws Exception {
        inEngineering("ana", "ben", "cat", "dan", "eve");
        importer.drop("team.roster.csv", "emailAddress,groups\nana@bancly.com,engineering\nben@bancly.com,"
                + "engineering\ncat@bancly.com,engineering\ndan@bancly.com,marketing\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        List<CSVRecord> failed = readCsv(importer.output("team.roster", ".failed.csv"));
        assertThat(failed).extracting(row -> row.get("emailAddress") + "|" + row.get("status") + "|"
                + row.get("error")).containsExactlyInAnyOrder("dan@bancly.com|invalid|group marketing is not managed: "
                + "a roster names only the groups of IMPORTER_MANAGED_GROUPS (engineering; sales)",
                // The invalid row may be the only one that lists this person: not removed either
                "dan@bancly.com|held|not removed from engineering: the roster has 1 invalid rows, one of which may be "
                        + "theirs; fix them and drop the roster again",
                "eve@bancly.com|held|not removed from engineering: the roster has 1 invalid rows, one of which may be "
                        + "theirs; fix them and drop the roster again");
        assertThat(importer.simulator.members("engineering")).hasSize(5);
    }

    @Test
    void protectedPeopleKeepTheirManagedGroups() throws Exception {
        importer.simulator.existingUser(ImporterFixture.EMAIL, "engineering")
                .existingUser("boss@bancly.com", "engineering", "site-admins");
        inEngineering("ana", "ben", "cat", "dan", "eve", "fay");
        importer.drop("team.roster.csv", "emailAddress,groups\nana@bancly.com,engineering\nben@bancly.com,"
                + "engineering\ncat@bancly.com,engineering\ndan@bancly.com,engineering\neve@bancly.com,engineering\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.groupsOf(ImporterFixture.EMAIL)).containsExactly("engineering");
        assertThat(importer.simulator.groupsOf("boss@bancly.com")).containsExactlyInAnyOrder("engineering",
                "site-admins");
        assertThat(importer.simulator.groupsOf("fay@bancly.com")).isEmpty();
        assertThat(readCsv(importer.output("team.roster", ".failed.csv"))).extracting(row -> row.get("emailAddress")
                + "|" + row.get("status") + "|" + row.get("error")).containsExactlyInAnyOrder(
                "boss@bancly.com|protected|not removed from engineering: a member of site-admins, which "
                        + "IMPORTER_PROTECTED_GROUPS protects",
                ImporterFixture.EMAIL + "|protected|not removed from engineering: the importer's own account "
                        + "(ATLASSIAN_EMAIL)");
    }

    @Test
    void aDryRunWritesThePlanAndChangesNothing() throws Exception {
        inEngineering("ana", "ben", "cat", "dan", "eve");
        importer.drop("team.roster.csv", "emailAddress,groups\nana@bancly.com,sales\nben@bancly.com,engineering\n"
                + "cat@bancly.com,engineering\ndan@bancly.com,engineering\nnew@bancly.com,engineering\n");

        assertThat(importer.runOnce("--dry-run")).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.received()).extracting(ReceivedRequest::method).containsOnly("GET");
        assertThat(readCsv(importer.output("team.roster", ".plan.csv"))).extracting(line -> line.get("change"))
                .containsExactly("move", "unchanged", "unchanged", "unchanged", "join", "remove");
        assertThat(readCsv(importer.output("team.roster", ".succeeded.csv"))).extracting(row -> row.get("emailAddress")
                + "|" + row.get("detail")).contains("ana@bancly.com|would add to sales; would remove from "
                + "engineering", "eve@bancly.com|would remove from engineering", "new@bancly.com|would add to "
                + "engineering");
        assertThat(importer.simulator.members("engineering")).hasSize(5);
        assertThat(importer.inbox.resolve("team.roster.csv")).exists();
    }

    /** These people, name@bancly.com, are in engineering. */
    private void inEngineering(String... names) {
        for (String name : names) {
            importer.simulator.existingUser(name + "@bancly.com", "engineering");
        }
    }

    /** Engineering has this many members, dev1 to devN, and a roster that lists the first of them is dropped. */
    private void engineering(int members, int listed) throws Exception {
        for (int i = 1; i <= members; i++) {
            importer.simulator.existingUser("dev" + i + "@bancly.com", "engineering");
        }
        importer.drop("team.roster.csv", "emailAddress,groups\n" + IntStream.rangeClosed(1, listed)
                .mapToObj(i -> "dev" + i + "@bancly.com,engineering\n").collect(Collectors.joining()));
    }

    private String rejection() throws Exception {
        return rejections().get(0);
    }

    private List<String> rejections() throws Exception {
        try (Stream<Path> files = Files.list(importer.inbox.resolve(".error"))) {
            return files.filter(file -> file.toString().endsWith(".error.txt")).map(file -> {
                try {
                    return Files.readString(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static Path onlyFile(Path folder, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }
}
