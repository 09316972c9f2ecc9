package io.github.userimporter.inbox;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.LogCapture;
import io.github.userimporter.Run;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HR exports as two HR systems write them (src/test/resources/exports), read through their mappings
 * (IMPORTER_MAPPING), through the real route.
 */
class HrExportTest extends ImporterTestSupport {

    private static final Path EXPORTS = Path.of("src/test/resources/exports");

    @BeforeEach
    void site() {
        importer.settings.put("importer.default-products", "jira-software");
        importer.simulator.group("engineering").group("service-desk-agents").group("everyone")
                .existingUser("dan.wu@bancly.com", "engineering", "jira-software-users");
    }

    @Test
    void aWorkdayReportIsReadThroughItsMappingWithLookupsAFallbackASkipAndALeaver() throws Exception {
        export("workday.yaml", "workday-new-hires.csv", "workday-new-hires.csv");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.groupsOf("ana.lima@bancly.com")).containsExactly("engineering");
        assertThat(importer.simulator.groupsOf("ben.ode@bancly.com")).containsExactly("service-desk-agents");
        // Legal has no entry of its own: "*" says everyone
        assertThat(importer.simulator.groupsOf("eve.sol@bancly.com")).containsExactly("everyone");
        assertThat(importer.simulator.users()).doesNotContainKey("cat.roy@bancly.com");
        assertThat(importer.simulator.groupsOf("dan.wu@bancly.com")).isEmpty();
        assertThat(readCsv(importer.output("workday-new-hires", ".succeeded.csv"))).extracting(row ->
                row.get("emailAddress") + "|" + row.get("action") + "|" + row.get("detail") + "|" + row.get("line"))
                .containsExactlyInAnyOrder("ana.lima@bancly.com|join||2", "ben.ode@bancly.com|join||3",
                        "cat.roy@bancly.com|skip|skipped|4",
                        "dan.wu@bancly.com|leave|removed from engineering, jira-software-users|5",
                        "eve.sol@bancly.com|join||6");
        assertThat(summary("workday-new-hires").get("skipped").asLong()).isEqualTo(1);
        assertThat(summary("workday-new-hires").get("mapping").asText()).endsWith("workday.yaml");
    }

    @Test
    void aValueWithNoEntryFailsItsRowAndTheFailedFileKeepsTheExportsColumnsToBeDroppedBack() throws Exception {
        export("bamboohr.yaml", "bamboohr-employees.csv", "employees.csv");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.groupsOf("fay.nun@bancly.com")).containsExactly("engineering");
        assertThat(importer.simulator.users()).containsKey("hal.ito@bancly.com").doesNotContainKey(
                "gus.ray@bancly.com");
        Path failedFile = importer.output("employees", ".failed.csv");
        assertThat(ImporterFixture.header(failedFile)).containsExactly("Employee #", "First Name", "Last Name",
                "Email", "Department", "Status", "Jira Licence", "status", "error", "accountId", "line");
        CSVRecord gus = readCsv(failedFile).get(0);
        assertThat(gus.get("Email")).isEqualTo("gus.ray@bancly.com");
        assertThat(gus.get("Department")).isEqualTo("Marketing");
        assertThat(gus.get("status")).isEqualTo("invalid");
        assertThat(gus.get("error")).isEqualTo("groups Marketing is not in the values of "
                + EXPORTS.resolve("bamboohr.yaml") + " (groups), which has no \"*\" either");
        assertThat(gus.get("line")).isEqualTo("3");
        assertThat(Files.readString(importer.output("employees", ".report.html"))).contains("gus.ray@bancly.com");

        // Fixed where HR would fix it, and dropped back through the same mapping
        Files.writeString(importer.inbox.resolve("employees-fixed.csv"), Files.readString(failedFile)
                .replace("Marketing", "Engineering"));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.groupsOf("gus.ray@bancly.com")).containsExactly("engineering");
    }

    @Test
    void anExportWithoutAHeaderTheMappingNamesIsRejectedNamingBoth() throws Exception {
        importer.settings.put("importer.mapping", EXPORTS.resolve("bamboohr.yaml").toString());
        importer.drop("employees.csv", "Email,Dept,Status,Jira Licence\nfay.nun@bancly.com,Engineering,Active,"
                + "Software\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        try (var rejected = Files.list(importer.inbox.resolve(".error"))) {
            assertThat(rejected.filter(file -> file.toString().endsWith(".error.txt")).findFirst().orElseThrow())
                    .content().contains("line 1: the header has no Department column, which "
                            + EXPORTS.resolve("bamboohr.yaml") + " maps");
        }
        assertThat(importer.simulator.createRequests()).isZero();
    }

    @Test
    void aMappingThatDoesNotReadStopsStartUpWithOneLineNamingTheFileAndTheLine() throws Exception {
        Path mapping = importer.mapping("columns:\n  emailAddress: Work Email\n"
                + "  department: Department\n");
        importer.drop("hires.csv", "Work Email\nana@bancly.com\n");

        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

            assertThat(log.text()).contains("ERROR Configuration: IMPORTER_MAPPING " + mapping + " line 3: unknown "
                    + "field department; the fields are emailAddress, products, groups, action, startDate");
        }
        assertThat(importer.simulator.received()).isEmpty();
        assertThat(importer.inbox.resolve("hires.csv")).exists();
    }

    @Test
    void aStartDateFormatThatIsNoDateFormatStopsStartUpNamingTheLine() throws Exception {
        Path mapping = importer.mapping("columns:\n  emailAddress: Work Email\n"
                + "  startDate: Hire Date\nstartDate:\n  format: dd.bb.yyyy\n  daysAhead: 3\n");

        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

            assertThat(log.text()).contains("ERROR Configuration: IMPORTER_MAPPING " + mapping + " line 5: format "
                    + "dd.bb.yyyy is not a date format (Unknown pattern letter: b); M/d/yyyy reads 3/14/2027");
        }
    }

    /** Reads exports through this mapping, and drops this export into the inbox under this name. */
    private void export(String mapping, String export, String as) throws Exception {
        importer.settings.put("importer.mapping", EXPORTS.resolve(mapping).toString());
        Files.copy(EXPORTS.resolve(export), importer.inbox.resolve(as));
    }
}
