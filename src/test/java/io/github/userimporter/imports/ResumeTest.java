package io.github.userimporter.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.LogCapture;
import io.github.userimporter.Run;
import io.github.userimporter.rows.CsvDialect;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the state folder gives an operator, in-process: the same bytes are not imported twice, results wait for an
 * outbox that cannot be written, and a journal a crash left half-written is repaired. Killing the packaged daemon is
 * {@code CrashResumeIT}'s job.
 */
class ResumeTest extends ImporterTestSupport {

    @Test
    void sameBytesDroppedAgainAreNotPostedAgainAndTheSummaryPointsToTheEarlierResults() throws Exception {
        String hires = users("hire", 3);
        importer.drop("hires.csv", hires);
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        String firstId = summary("hires").get("importId").asText();

        importer.drop("hires.csv", hires);
        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
            assertThat(log.text()).contains("WARN hires.csv has the same bytes as hires.csv, imported as " + firstId)
                    .contains("not posted again").contains("IMPORTER_REIMPORT=true");
        }

        assertThat(importer.simulator.createRequests()).isEqualTo(3);
        List<Path> summaries = importer.outputs("hires", ".summary.json");
        assertThat(summaries).hasSize(2);
        JsonNode second = new ObjectMapper().readTree(summaries.stream()
                .filter(file -> !file.getFileName().toString().startsWith(firstId + ".")).findFirst().orElseThrow()
                .toFile());
        assertThat(second.get("alreadyImportedAs").asText()).isEqualTo(firstId);
        assertThat(second.get("rows").asLong()).isZero();
        assertThat(second.get("succeededFile").asText()).isEqualTo(firstId + ".succeeded.csv");
        assertThat(importer.outputs("hires", ".succeeded.csv")).hasSize(1);
        assertThat(importer.archived()).hasSize(2);
        assertThat(importer.inbox.resolve("hires.csv")).doesNotExist();
    }

    @Test
    void reimportSettingPostsTheSameBytesAgain() throws Exception {
        importer.drop("hires.csv", users("hire", 3));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        importer.settings.put("importer.reimport", "true");
        importer.drop("hires.csv", users("hire", 3));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.createRequests()).isEqualTo(6);
        assertThat(importer.outputs("hires", ".succeeded.csv")).hasSize(2)
                .allSatisfy(file -> assertThat(readCsv(file)).hasSize(3));
    }

    @Test
    void dailyExportWithTheSameNameButNewContentIsImported() throws Exception {
        importer.drop("daily.csv", users("monday", 2));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        importer.drop("daily.csv", users("tuesday", 2));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.users()).containsKeys("monday1@bancly.com", "tuesday2@bancly.com").hasSize(4);
        assertThat(importer.outputs("daily", ".succeeded.csv")).hasSize(2);
    }

    @Test
    void inputLeftInTheInboxAfterItsResultsWereWrittenIsArchivedWithoutPosting() throws Exception {
        String hires = users("hire", 3);
        importer.drop("hires.csv", hires);
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        // As if the importer had stopped between writing the results and archiving the input
        Path archived = importer.archived().get(0);
        Files.move(archived, importer.inbox.resolve("hires.csv"));

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.createRequests()).isEqualTo(3);
        assertThat(importer.archived()).containsExactly(archived);
        assertThat(importer.outputs("hires", ".summary.json")).hasSize(1);
    }

    @Test
    void startUpSaysWhichUnfinishedImportsWaitForAnInputThatIsGone() throws Exception {
        importer.simulator.revokeTokenAfter(2);
        Path input = importer.drop("hires.csv", users("hire", 10));
        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
        String id = importer.journal("hires", ".succeeded.csv").orElseThrow().getParent().getFileName().toString();

        try (LogCapture log = new LogCapture()) {
            importer.runOnce();
            assertThat(log.text()).contains("INFO hires.csv was being imported as " + id + " when the importer "
                    + "stopped; it will be resumed");
        }
        Files.delete(input);
        importer.simulator.revokeTokenAfter(0);
        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
            assertThat(log.text()).contains("WARN The unfinished import " + id + " waits for hires.csv, which is not "
                    + "in the inbox: drop the same file again to finish it, or delete "
                    + importer.state.resolve("importing").resolve(id).toAbsolutePath() + " to forget it");
        }
    }

    @Test
    void aJournalAnEarlierVersionBeganIsFinishedInTodaysColumns() throws Exception {
        Path journal = journalOfAnImportStoppedAfter(3, 6);
        // As the version before leavers wrote it: no action column, detail before line
        StringBuilder older = new StringBuilder("emailAddress,products,groups,accountId,detail,line\r\n");
        for (CSVRecord row : readCsv(journal)) {
            older.append(String.join(",", row.get("emailAddress"), row.get("products"), row.get("groups"),
                    row.get("accountId"), row.get("detail"), row.get("line"))).append("\r\n");
        }
        Files.writeString(journal, older);

        importer.simulator.revokeTokenAfter(0);
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        List<CSVRecord> succeeded = readCsv(importer.output("hires", ".succeeded.csv"));
        assertThat(ImporterFixture.header(importer.output("hires", ".succeeded.csv")))
                .containsExactly(CsvDialect.SUCCEEDED_COLUMNS.split(","));
        assertThat(succeeded).extracting(row -> row.get("emailAddress") + "|" + row.get("action") + "|"
                + row.get("line")).hasSize(6).allSatisfy(row -> assertThat(row).matches("hire\\d@bancly.com\\|"
                + "(join)?\\|\\d"));
    }

    @Test
    void recordCutShortByACrashIsDroppedAndItsRowPostedAgain() throws Exception {
        Path journal = journalOfAnImportStoppedAfter(6, 10);
        // The six users created, in the order their rows finished (one row writes while the next is sent)
        assertThat(readCsv(journal)).extracting(row -> row.get("emailAddress")).hasSize(6)
                .containsExactlyInAnyOrderElementsOf(importer.simulator.users().keySet());
        // Half of the last record, as a power cut during its append could leave
        byte[] written = Files.readAllBytes(journal);
        Files.write(journal, Arrays.copyOf(written, written.length - 30));

        importer.simulator.revokeTokenAfter(0);
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        List<CSVRecord> succeeded = readCsv(importer.output("hires", ".succeeded.csv"));
        assertThat(succeeded).extracting(row -> row.get("emailAddress")).hasSize(10).doesNotHaveDuplicates();
        assertThat(succeeded).allSatisfy(row -> assertThat(row.get("products")).isEqualTo("jira-software"));
        // Six created, the seventh request refused; then the row of the torn record is posted again, not lost, with
        // the four left
        assertThat(importer.simulator.createRequests()).isEqualTo(6 + 1 + 5);
    }

    @Test
    void failuresWrittenBeforeARestartStillCountInTheSummaryByReason() throws Exception {
        importer.simulator.revokeTokenAfter(2);
        importer.settings.put("importer.concurrency", "1");
        importer.drop("hires.csv", "emailAddress,products\nbad1,jira-software\nbad2,jira-software\n"
                + users("hire", 5).substring("emailAddress,products\n".length()));
        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

        importer.simulator.revokeTokenAfter(0);
        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        assertThat(summary("hires").get("failed").asLong()).isEqualTo(2);
        assertThat(summary("hires").get("failedByReason").properties()).extracting(Map.Entry::getKey,
                entry -> entry.getValue().asLong())
                .containsExactly(tuple("invalid: emailAddress must contain exactly one @", 2L));
    }

    @Test
    void resultsWaitForAnOutboxThatCannotBeWrittenAndNothingIsLost() throws Exception {
        importer.simulator.latency(Duration.ofMillis(20));
        importer.settings.put("importer.site-retry-interval", "1s");
        importer.startDaemon();
        Path input = importer.drop("hires.csv", users("hire", 200));
        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.journal("hires", ".succeeded.csv")
                .map(journal -> Files.exists(journal) && lines(journal) > 20).orElse(false));

        // The outbox disappears, and something else takes its name
        try (LogCapture log = new LogCapture()) {
            Files.delete(importer.outbox);
            Files.writeString(importer.outbox, "not a folder", StandardCharsets.UTF_8);
            await().atMost(30, TimeUnit.SECONDS).until(() -> log.text().contains("its results cannot be written to "
                    + "the outbox " + importer.outbox.toAbsolutePath()));
        }
        assertThat(input).exists();
        assertThat(importer.archived()).isEmpty();

        Files.delete(importer.outbox);
        Files.createDirectory(importer.outbox);
        await().atMost(30, TimeUnit.SECONDS).until(() -> importer.outputs("hires", ".summary.json").size() == 1);

        assertThat(readCsv(importer.output("hires", ".succeeded.csv"))).extracting(row -> row.get("emailAddress"))
                .hasSize(200).doesNotHaveDuplicates();
        // Every row was written before the outbox went, so the retry posted none again
        assertThat(importer.simulator.createRequests()).isEqualTo(200);
        await().atMost(5, TimeUnit.SECONDS).until(() -> importer.archived().size() == 1);
        assertThat(input).doesNotExist();
    }

    @Test
    void aStateFolderThatFillsUpStopsTheImportInOneLineAndTheNextRunFinishesIt() throws Exception {
        // A real full disk: a small tmpfs, which only root may mount
        Path small = Files.createDirectories(folder.resolve("small-state"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", small.toString()) == 0,
                "mounting a small tmpfs needs root");
        try {
            importer.settings.put("importer.state", small.toString());
            Path input = importer.drop("hires.csv", users("hire", 3000));
            try (LogCapture log = new LogCapture()) {
                assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

                assertThat(log.text().lines().filter(line -> line.contains("hires.csv stopped"))).singleElement()
                        .asString().matches("ERROR Import of hires\\.csv stopped after \\d+ rows, it stays in the "
                                + "inbox: its journal cannot be written to the state folder " + Pattern.quote(
                                small.toAbsolutePath().toString()) + " \\(No space left on device\\); the next run "
                                + "resumes the import");
                assertThat(log.text()).doesNotContain("Exception");
            }
            assertThat(input).exists();

            assertThat(run("mount", "-o", "remount,size=8m", small.toString())).isZero();
            assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

            assertThat(readCsv(importer.output("hires", ".succeeded.csv"))).extracting(row -> row.get("emailAddress"))
                    .hasSize(3000).doesNotHaveDuplicates();
            assertThat(input).doesNotExist();
        } finally {
            run("umount", small.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private static long lines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Runs {@code --once} on hires.csv of this many rows, one at a time, against a site whose token expires after this
     * many creates: the import stops with them journalled. Returns its succeeded journal.
     */
    private Path journalOfAnImportStoppedAfter(int created, int rows) throws Exception {
        importer.simulator.revokeTokenAfter(created);
        importer.settings.put("importer.concurrency", "1");
        importer.drop("hires.csv", users("hire", rows));
        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
        return importer.journal("hires", ".succeeded.csv").orElseThrow();
    }
}
