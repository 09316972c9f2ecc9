package io.github.userimporter.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.LogCapture;
import io.github.userimporter.Run;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start dates (IMPORTER_MAPPING's startDate), through the real route: a join further ahead than daysAhead waits in the
 * state folder and is imported on its day, as an import of its own; a later export replaces it, a leave cancels it.
 * The tests say what day it is. The Workday export's Ana and Ben start on 3/14/2026: with daysAhead 3, their accounts
 * may be made from 2026-03-11.
 */
class ScheduleTest extends ImporterTestSupport {

    private static final Path EXPORTS = Path.of("src/test/resources/exports");
    private static final String HEADER = "Employee ID,Worker,Work Email,Supervisory Organization,Worker Status,"
            + "Hire Date\n";

    @BeforeEach
    void site() throws Exception {
        importer.settings.put("importer.default-products", "jira-software");
        importer.settings.put("importer.mapping", EXPORTS.resolve("workday.yaml").toString());
        importer.simulator.group("engineering").group("service-desk-agents").group("everyone")
                .existingUser("dan.wu@bancly.com", "engineering", "jira-software-users");
    }

    @Test
    void joinsAheadOfTheirStartDateWaitAndAreImportedOnTheirDayByALaterRun() throws Exception {
        importer.clock.setDay(LocalDate.of(2026, 3, 9));
        Files.copy(EXPORTS.resolve("workday-new-hires.csv"), importer.inbox.resolve("workday-new-hires.csv"));

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.users()).doesNotContainKeys("ana.lima@bancly.com", "ben.ode@bancly.com");
        assertThat(importer.simulator.groupsOf("eve.sol@bancly.com")).containsExactly("everyone");
        List<CSVRecord> scheduled = readCsv(importer.output("workday-new-hires", ".scheduled.csv"));
        assertThat(scheduled).extracting(row -> row.get("emailAddress") + "|" + row.get("startDate") + "|"
                + row.get("importOn") + "|" + row.get("line") + "|" + row.get("Supervisory Organization") + "|"
                + row.get("Hire Date")).containsExactlyInAnyOrder(
                "ana.lima@bancly.com|2026-03-14|2026-03-11|2|Engineering|3/14/2026",
                "ben.ode@bancly.com|2026-03-14|2026-03-11|3|Customer Support|3/14/2026");
        assertThat(readCsv(importer.output("workday-new-hires", ".succeeded.csv"))).extracting(row ->
                row.get("emailAddress")).containsExactlyInAnyOrder("cat.roy@bancly.com", "dan.wu@bancly.com",
                "eve.sol@bancly.com");
        assertThat(summary("workday-new-hires").get("rows").asLong()).isEqualTo(5);
        assertThat(summary("workday-new-hires").get("scheduled").asLong()).isEqualTo(2);

        // Each run is a new start of the importer: the schedule is in the state folder
        importer.clock.setDay(LocalDate.of(2026, 3, 10));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.users()).doesNotContainKeys("ana.lima@bancly.com", "ben.ode@bancly.com");
        assertThat(importer.outputs("workday-new-hires", ".summary.json")).hasSize(1);

        importer.clock.setDay(LocalDate.of(2026, 3, 11));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.groupsOf("ana.lima@bancly.com")).containsExactly("engineering");
        assertThat(importer.simulator.groupsOf("ben.ode@bancly.com")).containsExactly("service-desk-agents");
        Path due = dueResults(".succeeded.csv");
        assertThat(readCsv(due)).extracting(row -> row.get("emailAddress") + "|" + row.get("action") + "|"
                + row.get("line")).containsExactlyInAnyOrder("ana.lima@bancly.com|join|2", "ben.ode@bancly.com|join|3");
        assertThat(due.getFileName().toString()).contains(".due-2026-03-11-");
        assertThat(schedule()).isEmpty();

        long creates = importer.simulator.createRequests();
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.createRequests()).isEqualTo(creates);
    }

    @Test
    void aLaterExportReplacesAScheduledJoinAndALeaveCancelsOne() throws Exception {
        importer.clock.setDay(LocalDate.of(2026, 3, 9));
        Files.copy(EXPORTS.resolve("workday-new-hires.csv"), importer.inbox.resolve("workday-new-hires.csv"));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        // HR moves Ana's first day and department; Ben's offer is withdrawn
        importer.clock.setDay(LocalDate.of(2026, 3, 10));
        importer.drop("workday-changes.csv", HEADER + "21001,Ana Lima,ana.lima@bancly.com,Customer Support,Active,"
                + "3/20/2026\n21002,Ben Ode,ben.ode@bancly.com,Customer Support,Terminated,3/14/2026\n");
        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

            assertThat(log.text()).contains("The join of ana.lima@bancly.com scheduled by workday-new-hires-")
                    .contains("for 2026-03-11 is replaced by workday-changes-")
                    .contains("The join of ben.ode@bancly.com scheduled by workday-new-hires-")
                    .contains("for 2026-03-11 is cancelled: a leave by workday-changes-");
        }
        assertThat(readCsv(importer.output("workday-changes", ".scheduled.csv"))).extracting(row ->
                row.get("emailAddress") + "|" + row.get("importOn")).containsExactly("ana.lima@bancly.com|2026-03-17");

        importer.clock.setDay(LocalDate.of(2026, 3, 11));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.users()).doesNotContainKeys("ana.lima@bancly.com", "ben.ode@bancly.com");

        importer.clock.setDay(LocalDate.of(2026, 3, 17));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.groupsOf("ana.lima@bancly.com")).containsExactly("service-desk-agents");
        assertThat(importer.simulator.users()).doesNotContainKey("ben.ode@bancly.com");
        assertThat(schedule()).isEmpty();
    }

    @Test
    void aDaemonImportsTheJoinsDueWhenTheirDayComesWithoutANewFile() throws Exception {
        importer.clock.setDay(LocalDate.of(2026, 3, 9));
        importer.startDaemon();
        Files.copy(EXPORTS.resolve("workday-new-hires.csv"), importer.inbox.resolve("workday-new-hires.csv"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> !importer.outputs("workday-new-hires", ".summary.json")
                .isEmpty());
        assertThat(importer.simulator.users()).doesNotContainKey("ana.lima@bancly.com");

        importer.clock.setDay(LocalDate.of(2026, 3, 11));

        await().atMost(30, TimeUnit.SECONDS).until(() -> importer.simulator.users().containsKey("ben.ode@bancly.com")
                && importer.outputs("workday-new-hires", ".summary.json").size() == 2);
        assertThat(importer.simulator.groupsOf("ana.lima@bancly.com")).containsExactly("engineering");
        importer.stopDaemon();
    }

    @Test
    void aStartDateNotInTheFormatFailsItsRowNamingTheFormatATimeOfDayIsLeftAsideAndADryRunKeepsNothing() throws Exception {
        importer.clock.setDay(LocalDate.of(2026, 3, 9));
        importer.drop("hires.csv", HEADER + "21001,Ana Lima,ana.lima@bancly.com,Engineering,Active,2026-14-03\n"
                + "21002,Ben Ode,ben.ode@bancly.com,Engineering,Active,3/30/2026 0:00\n");

        assertThat(importer.runOnce("--dry-run")).isEqualTo(Run.ROWS_FAILED);

        CSVRecord ana = readCsv(importer.output("hires", ".failed.csv")).get(0);
        assertThat(ana.get("Work Email")).isEqualTo("ana.lima@bancly.com");
        assertThat(ana.get("error")).isEqualTo("startDate 2026-14-03 is not a date in the format M/d/yyyy of "
                + EXPORTS.resolve("workday.yaml"));
        assertThat(readCsv(importer.output("hires", ".scheduled.csv"))).extracting(row -> row.get("importOn"))
                .containsExactly("2026-03-27");
        assertThat(schedule()).isEmpty();
        assertThat(importer.simulator.createRequests()).isZero();
    }

    @Test
    void scheduledRowsJournalledBeforeTheImportStoppedStayScheduledWhenItResumes() throws Exception {
        importer.clock.setDay(LocalDate.of(2026, 3, 9));
        importer.settings.put("importer.concurrency", "1");
        // The token expires once two users were created: adding Gus to his group is refused and stops the import
        importer.simulator.revokeTokenAfter(2);
        importer.drop("hires.csv", HEADER + "21001,Ana Lima,ana.lima@bancly.com,Engineering,Active,3/14/2026\n"
                + "21006,Fay Nun,fay.nun@bancly.com,Engineering,Active,1/5/2026\n"
                + "21002,Ben Ode,ben.ode@bancly.com,Engineering,Active,3/14/2026\n"
                + "21007,Gus Ray,gus.ray@bancly.com,Engineering,Active,1/5/2026\n");
        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
        // The header and the two rows before the one the expired token stopped
        assertThat(Files.readAllLines(importer.journal("hires", ".scheduled.csv").orElseThrow())).hasSize(3);

        importer.simulator.revokeTokenAfter(0);
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(readCsv(importer.output("hires", ".scheduled.csv"))).extracting(row -> row.get("emailAddress"))
                .containsExactly("ana.lima@bancly.com", "ben.ode@bancly.com");
        assertThat(summary("hires").get("scheduled").asLong()).isEqualTo(2);
        assertThat(summary("hires").get("rows").asLong()).isEqualTo(4);
        // Fay and Gus, and Gus again to finish his row: the scheduled rows were never sent
        assertThat(importer.simulator.createRequests()).isEqualTo(3);

        importer.clock.setDay(LocalDate.of(2026, 3, 11));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(importer.simulator.users()).containsKeys("ana.lima@bancly.com", "ben.ode@bancly.com");
    }

    /** The one result file of the kind of an import of due rows. */
    private Path dueResults(String suffix) throws Exception {
        List<Path> due = importer.outputs("workday-new-hires", suffix).stream().filter(file -> file.getFileName()
                .toString().contains(".due-")).toList();
        assertThat(due).hasSize(1);
        return due.get(0);
    }

    /** The files of rows that wait, in the state folder. */
    private List<Path> schedule() throws Exception {
        Path folder = importer.state.resolve("schedule");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
