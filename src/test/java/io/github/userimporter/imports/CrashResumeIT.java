package io.github.userimporter.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.PackagedImporter;
import io.github.userimporter.Run;
import io.github.userimporter.simulator.AtlassianSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.userimporter.ImporterFixture.readCsv;
import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged daemon, killed mid-import and started again: every row ends up once in the results, rows written
 * before the kill are not posted again, and the input is archived once.
 */
class CrashResumeIT extends ImporterTestSupport {

    private static final int ROWS = 1000;
    private static final int CONCURRENCY = 4;

    private Map<String, String> environment;

    @BeforeEach
    void slowSite() throws IOException {
        importer.simulator.latency(Duration.ofMillis(10));
        environment = importer.environment();
        environment.put("IMPORTER_CONCURRENCY", String.valueOf(CONCURRENCY));
    }

    /** Killed after the first rows, half-way, and once every row is written (while the results are published). */
    @ParameterizedTest
    @ValueSource(ints = {5, ROWS / 2, ROWS})
    void killedDaemonResumesTheFileWhereItsJournalEnds(int rowsWrittenBeforeTheKill) throws Exception {
        Path input = importer.drop("hires.csv", users("hire", ROWS));
        PackagedImporter daemon = start();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(5))
                .until(() -> importer.rowsInJournal("hires") >= rowsWrittenBeforeTheKill || !Files.exists(input));
        daemon.kill();
        int postedBeforeTheKill = importer.simulator.createRequests();

        PackagedImporter restarted = start("--once");
        assertThat(restarted.exitCode(120)).as(restarted.log()).isEqualTo(Run.ALL_SUCCEEDED);

        assertEveryRowOnceAndTheInputArchivedOnce(input);
        assertThat(postedBeforeTheKill).isPositive();
        // Only rows in flight at the kill, sent or answered and not yet journalled, may have been posted twice
        assertThat(importer.simulator.createRequests()).isBetween(ROWS, ROWS + 2 * CONCURRENCY);
    }

    @Test
    void sigtermStopsCleanlyAndTheNextStartFinishesTheFile() throws Exception {
        Path input = importer.drop("hires.csv", users("hire", ROWS));
        PackagedImporter daemon = start();
        await().atMost(60, TimeUnit.SECONDS).until(() -> importer.rowsInJournal("hires") >= 200);

        long stopping = System.nanoTime();
        daemon.terminate();
        // 143: ended by SIGTERM, which systemd counts as a clean stop
        assertThat(daemon.exitCode(60)).isEqualTo(143);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("stopped within the shutdown timeout")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(daemon.log()).containsPattern("INFO  Importer +Import of hires.csv paused after \\d+ rows: "
                + "the importer is stopping; the next start resumes the import")
                // An operator reading journalctl hears the stop begin and end
                .contains("Stopping: 1 import(s) in progress read no further rows; rows in flight finish, and the "
                        + "next start resumes")
                .containsPattern("INFO  Lifecycle +Stopped\\R");
        assertThat(input).exists();
        // A clean stop writes every row it posted
        assertThat(importer.rowsInJournal("hires")).isEqualTo(importer.simulator.createRequests()).isLessThan(ROWS);

        PackagedImporter restarted = start("--once");
        assertThat(restarted.exitCode(120)).as(restarted.log()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(restarted.log()).contains("Resuming the import of hires.csv");

        assertEveryRowOnceAndTheInputArchivedOnce(input);
        assertThat(importer.simulator.createRequests()).isEqualTo(ROWS);
    }

    @Test
    void aLeaverCutShortBetweenTwoRemovalsIsFinishedByTheNextStart() throws Exception {
        importer.simulator.existingUser("ana@bancly.com", "engineering", "jira-software-users", "sales")
                // The second removal never comes back: the daemon is killed while it waits
                .stallFrom(AtlassianSimulator.REMOVE_FROM_GROUP, 2);
        Path input = importer.drop("leavers.csv", "emailAddress,action\nana@bancly.com,leave\n");
        PackagedImporter daemon = start();
        await().atMost(60, TimeUnit.SECONDS).until(() -> importer.simulator.groupsOf("ana@bancly.com").size() == 2
                && importer.simulator.received().stream().filter(request -> request.method().equals("DELETE"))
                .count() == 2);
        daemon.kill();
        assertThat(importer.rowsInJournal("leavers")).isZero();
        assertThat(daemon.log()).contains("Leaver ana@bancly.com").contains("removed from group engineering");

        importer.simulator.stallFrom(AtlassianSimulator.REMOVE_FROM_GROUP, Integer.MAX_VALUE);
        PackagedImporter restarted = start("--once");
        assertThat(restarted.exitCode(120)).as(restarted.log()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.groupsOf("ana@bancly.com")).isEmpty();
        assertThat(readCsv(importer.output("leavers", ".succeeded.csv"))).extracting(row -> row.get("emailAddress")
                + "|" + row.get("detail")).containsExactly("ana@bancly.com|removed from jira-software-users, sales");
        assertThat(input).doesNotExist();
    }

    @Test
    void aRosterCutShortMidPlanIsFinishedByTheNextStartFromThePlanItWrote() throws Exception {
        environment.put("IMPORTER_MANAGED_GROUPS", "engineering");
        for (int i = 1; i <= 8; i++) {
            importer.simulator.existingUser("dev" + i + "@bancly.com", "engineering");
        }
        importer.simulator.stallFrom(AtlassianSimulator.REMOVE_FROM_GROUP, 2);
        Path input = importer.drop("team.roster.csv", "emailAddress,products,groups\n" + IntStream.rangeClosed(1, 6)
                .mapToObj(i -> "dev" + i + "@bancly.com,jira-software,engineering\n").collect(Collectors.joining()));
        PackagedImporter daemon = start();
        await().atMost(60, TimeUnit.SECONDS).until(() -> importer.simulator.members("engineering").size() == 7
                && importer.simulator.received().stream().filter(request -> request.method().equals("DELETE"))
                .count() == 2);
        daemon.kill();
        int pagesBefore = memberPages();

        importer.simulator.stallFrom(AtlassianSimulator.REMOVE_FROM_GROUP, Integer.MAX_VALUE);
        PackagedImporter restarted = start("--once");
        assertThat(restarted.exitCode(120)).as(restarted.log()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.members("engineering")).hasSize(6);
        // The plan written before the crash is finished, not made again
        assertThat(memberPages()).isEqualTo(pagesBefore);
        assertThat(readCsv(importer.output("team.roster", ".succeeded.csv"))).extracting(row -> row.get("action"))
                .containsExactlyInAnyOrder("unchanged", "unchanged", "unchanged", "unchanged", "unchanged",
                        "unchanged", "remove", "remove");
        assertThat(importer.outputs("team.roster", ".plan.csv")).hasSize(1);
        assertThat(input).doesNotExist();
    }

    private int memberPages() {
        return (int) importer.simulator.received().stream().filter(request -> request.path().endsWith(
                "/group/member")).count();
    }

    private PackagedImporter start(String... args) throws IOException {
        return PackagedImporter.start(folder, folder.resolve("importer.log"), environment, args);
    }

    private void assertEveryRowOnceAndTheInputArchivedOnce(Path input) throws IOException {
        List<String> expected = IntStream.rangeClosed(1, ROWS).mapToObj(i -> "hire" + i + "@bancly.com").toList();
        assertThat(readCsv(importer.output("hires", ".succeeded.csv"))).extracting(row -> row.get("emailAddress"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(readCsv(importer.output("hires", ".failed.csv"))).isEmpty();
        assertThat(importer.outputs("hires", ".summary.json")).hasSize(1);
        assertThat(importer.archived()).hasSize(1);
        assertThat(input).doesNotExist();
        try (Stream<Path> unfinished = Files.list(importer.state.resolve("importing"))) {
            assertThat(unfinished).isEmpty();
        }
    }
}
