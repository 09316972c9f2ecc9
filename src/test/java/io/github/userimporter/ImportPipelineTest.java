package io.github.userimporter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userimporter.simulator.AtlassianSimulator.ReceivedRequest;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The import pipeline end to end: files in a real inbox, the real route, real HTTP to the simulator. */
class ImportPipelineTest extends ImporterTestSupport {

    static final String KB_SAMPLE = """
            emailAddress,products
            dgrechen@bancly.com,jira-software
            khaulkham-fraben@bancly.com,jira-software
            igunston2@bancly.com,jira-software
            pmaynell3@bancly.com,jira-software
            """;


    @Test
    void knowledgeBaseSampleCreatesFourUsers() throws Exception {
        importer.drop("users.csv", KB_SAMPLE);

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        Path succeeded = importer.output("users", ".succeeded.csv");
        assertThat(ImporterFixture.header(succeeded)).containsExactly("emailAddress", "products", "groups", "action",
                "accountId", "detail", "line");
        List<CSVRecord> rows = readCsv(succeeded);
        // Rows are posted four at a time, so they are written in the order they finish
        assertThat(rows).extracting(row -> row.get("emailAddress") + "|" + row.get("line"))
                .containsExactlyInAnyOrder("dgrechen@bancly.com|2", "khaulkham-fraben@bancly.com|3",
                        "igunston2@bancly.com|4", "pmaynell3@bancly.com|5");
        assertThat(rows).extracting(row -> row.get("products")).containsOnly("jira-software");
        for (CSVRecord row : rows) {
            assertThat(row.get("accountId")).isEqualTo(importer.simulator.users().get(row.get("emailAddress")));
        }
        assertThat(readCsv(importer.output("users", ".failed.csv"))).isEmpty();

        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (ImporterFixture.EMAIL + ":" + ImporterFixture.TOKEN).getBytes(StandardCharsets.UTF_8));
        List<ReceivedRequest> requests = importer.simulator.createUserRequests();
        assertThat(requests).extracting(ReceivedRequest::body).containsExactlyInAnyOrder(
                "{\"emailAddress\":\"dgrechen@bancly.com\",\"products\":[\"jira-software\"]}",
                "{\"emailAddress\":\"khaulkham-fraben@bancly.com\",\"products\":[\"jira-software\"]}",
                "{\"emailAddress\":\"igunston2@bancly.com\",\"products\":[\"jira-software\"]}",
                "{\"emailAddress\":\"pmaynell3@bancly.com\",\"products\":[\"jira-software\"]}");
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/rest/api/2/user");
            assertThat(request.authorization()).isEqualTo(basic);
            assertThat(request.contentType()).startsWith("application/json");
        });

        JsonNode summary = summary("users");
        assertThat(summary.get("file").asText()).isEqualTo("users.csv");
        assertThat(summary.get("rows").asLong()).isEqualTo(4);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(4);
        assertThat(summary.get("failed").asLong()).isZero();
        assertThat(summary.get("startedAt").asText()).isNotEmpty();
        assertThat(summary.get("finishedAt").asText()).isNotEmpty();

        assertThat(importer.archived()).hasSize(1);
        assertThat(importer.inbox.resolve("users.csv")).doesNotExist();
    }

    @Test
    void mixedFilePutsEveryRowInExactlyOneOutput() throws Exception {
        importer.simulator.userWithoutAccess("no.access@bancly.com").licensedUserLimit(4);
        importer.settings.put("importer.default-products", "jira-servicedesk");
        // One row at a time, so that the licence runs out at a known row
        importer.settings.put("importer.concurrency", "1");
        importer.drop("mixed.csv", """
                emailAddress,products
                ana@bancly.com,jira-software;jira-servicedesk
                no.access@bancly.com,jira-software
                ben@bancly.com,
                ,jira-software
                cem@bancly.com,jira-core
                dan@bancly.com,jira-software
                """);

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        List<CSVRecord> succeeded = readCsv(importer.output("mixed", ".succeeded.csv"));
        assertThat(succeeded).extracting(row -> row.get("emailAddress") + "|" + row.get("products") + "|"
                + row.get("line")).containsExactlyInAnyOrder("ana@bancly.com|jira-software;jira-servicedesk|2",
                        "no.access@bancly.com|jira-software|3", "ben@bancly.com|jira-servicedesk|4",
                        "cem@bancly.com|jira-core|6");
        assertThat(succeeded).allSatisfy(row -> assertThat(row.get("accountId")).startsWith("712020:"));

        Path failedFile = importer.output("mixed", ".failed.csv");
        assertThat(ImporterFixture.header(failedFile)).containsExactly("emailAddress", "products", "groups", "action",
                "status", "error", "detail", "accountId", "line");
        List<CSVRecord> failed = readCsv(failedFile).stream()
                .sorted(java.util.Comparator.comparing(row -> Integer.parseInt(row.get("line")))).toList();
        assertThat(failed).extracting(row -> row.get("line") + "|" + row.get("status")).containsExactly("5|invalid",
                "7|400");
        assertThat(failed.get(0).get("error")).isEqualTo("emailAddress is empty");
        assertThat(failed.get(1).get("emailAddress")).isEqualTo("dan@bancly.com");
        assertThat(failed.get(1).get("error")).contains("maximum number of users");
        assertThat(failed).allSatisfy(row -> assertThat(row.get("error")).doesNotContain("Exception", "\tat "));

        // The invalid row never reached the site
        assertThat(importer.simulator.createRequests()).isEqualTo(5);
        JsonNode summary = summary("mixed");
        assertThat(summary.get("rows").asLong()).isEqualTo(6);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(4);
        assertThat(summary.get("restored").asLong()).isEqualTo(1);
        assertThat(summary.get("failed").asLong()).isEqualTo(2);
    }

    @Test
    void emptyProductsWithoutDefaultFailsWithoutARequest() throws Exception {
        importer.drop("noproducts.csv", "emailAddress,products\nana@bancly.com,\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        CSVRecord failed = readCsv(importer.output("noproducts", ".failed.csv")).get(0);
        assertThat(failed.get("status")).isEqualTo("invalid");
        assertThat(failed.get("error")).contains("IMPORTER_DEFAULT_PRODUCTS");
        assertThat(importer.simulator.createRequests()).isZero();
    }

    @Test
    void failedFileCanBeDroppedBackAsIs() throws Exception {
        importer.simulator.licensedUserLimit(1);
        importer.drop("batch.csv", "emailAddress,products\nana@bancly.com,jira-software\nben@bancly.com,jira-core\n");
        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);
        Path failed = importer.output("batch", ".failed.csv");
        // Rows race for the last licence, so either may be the one that failed
        CSVRecord refused = readCsv(failed).get(0);

        // The licence was extended: the failed rows are imported from the failed file itself
        importer.simulator.licensedUserLimit(0);
        Files.copy(failed, importer.inbox.resolve("batch-retry.csv"));
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        List<CSVRecord> retried = readCsv(importer.output("batch-retry", ".succeeded.csv"));
        assertThat(retried).extracting(row -> row.get("emailAddress") + "|" + row.get("products"))
                .containsExactly(refused.get("emailAddress") + "|" + refused.get("products"));
    }

    @Test
    void inputIsArchivedOnlyAfterItsOutputsExist() throws Exception {
        importer.simulator.latency(java.time.Duration.ofMillis(20));
        ImporterMain daemon = importer.startDaemon();
        NotifyBuilder done = fileImported(daemon);
        importer.drop("users.csv", KB_SAMPLE);

        Path archive = importer.inbox.resolve(".done");
        await().atMost(20, TimeUnit.SECONDS).pollInterval(1, TimeUnit.MILLISECONDS)
                .until(() -> Files.isDirectory(archive) && !importer.archived().isEmpty());
        // The moment the input is archived, all three outputs are complete in the outbox
        assertThat(importer.outputs("users", ".summary.json")).hasSize(1);
        assertThat(readCsv(importer.output("users", ".succeeded.csv"))).hasSize(4);
        assertThat(importer.outputs("users", ".failed.csv")).hasSize(1);
        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sameFileNameDroppedTwiceKeepsBothInputsAndResults() throws Exception {
        ImporterMain daemon = importer.startDaemon();
        NotifyBuilder first = fileImported(daemon);
        importer.drop("daily.csv", "emailAddress,products\nana@bancly.com,jira-software\n");
        assertThat(first.matches(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> importer.archived().size() == 1);

        NotifyBuilder second = fileImported(daemon);
        importer.drop("daily.csv", "emailAddress,products\nben@bancly.com,jira-software\n");
        assertThat(second.matches(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> importer.archived().size() == 2);

        List<Path> archived = importer.archived();
        assertThat(archived).hasSize(2);
        assertThat(archived).extracting(Files::readString).containsExactlyInAnyOrder(
                "emailAddress,products\nana@bancly.com,jira-software\n",
                "emailAddress,products\nben@bancly.com,jira-software\n");
        List<Path> succeeded = importer.outputs("daily", ".succeeded.csv");
        assertThat(succeeded).hasSize(2);
        assertThat(importer.outputs("daily", ".summary.json")).hasSize(2);
        assertThat(succeeded.stream().flatMap(file -> {
            try {
                return readCsv(file).stream();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).map(row -> row.get("emailAddress"))).containsExactlyInAnyOrder("ana@bancly.com", "ben@bancly.com");
    }

    @Test
    void unreachableSiteExitsTwoAndKeepsTheFile() throws Exception {
        importer.settings.put("atlassian.site-url", "http://127.0.0.1:" + freePort());
        Path input = importer.drop("users.csv", KB_SAMPLE);

        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

        assertThat(input).exists();
        assertThat(importer.archived()).isEmpty();
        assertThat(importer.outputs("users", ".failed.csv")).isEmpty();
        assertThat(importer.outputs("users", ".summary.json")).isEmpty();
    }

    @Test
    void wrongTokenIsCaughtByThePreflightBeforeAnyFileIsTaken() throws Exception {
        importer.settings.put("atlassian.api-token", "wrong-token");
        Path input = importer.drop("users.csv", KB_SAMPLE);

        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
            assertThat(log.text().lines().filter(line -> line.startsWith("ERROR"))).containsExactly(
                    "ERROR Preflight: " + importer.settings.get("atlassian.site-url") + " answered 401 Unauthorized: "
                            + "check ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN (API tokens expire); no file is taken "
                            + "until the site accepts the credentials");
        }
        assertThat(importer.simulator.received()).extracting(ReceivedRequest::path)
                .containsExactly("/rest/api/2/myself");
        assertThat(input).exists();
    }

    @Test
    void tokenExpiringMidFileStopsTheFileAtTheFirstRefusalAndTheNextRunResumesIt() throws Exception {
        importer.simulator.revokeTokenAfter(3);
        importer.settings.put("importer.concurrency", "4");
        Path input = importer.drop("users.csv", ImporterFixture.users("user", 50));

        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
            // One actionable line, however many rows were in flight
            assertThat(log.text().lines().filter(line -> line.startsWith("ERROR"))).singleElement().asString()
                    .matches("ERROR Import of users.csv stopped after \\d rows, it stays in the inbox: "
                            + Pattern.quote(importer.settings.get("atlassian.site-url") + " answered 401 "
                            + "Unauthorized: check ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN (API tokens expire)"));
        }

        // Only the rows already in flight (four at a time) were sent after the first refusal
        assertThat(importer.simulator.createRequests()).isBetween(4, 3 + 4);
        assertThat(input).exists();
        assertThat(importer.outputs("users", ".failed.csv")).isEmpty();

        importer.simulator.revokeTokenAfter(0);
        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
            assertThat(log.text()).contains("Resuming the import of users.csv");
        }
        assertThat(readCsv(importer.output("users", ".succeeded.csv"))).extracting(row -> row.get("emailAddress"))
                .hasSize(50).doesNotHaveDuplicates();
        // The two rows created before the refusal were not posted again; those refused in flight were
        assertThat(importer.simulator.createRequests()).isBetween(50, 50 + 4);
        assertThat(importer.archived()).hasSize(1);
    }

    @Test
    void missingSettingStopsStartUp() throws Exception {
        importer.settings.put("atlassian.site-url", " ");
        Path input = importer.drop("users.csv", KB_SAMPLE);

        assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

        assertThat(input).exists();
        assertThat(importer.simulator.createUserRequests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"outbox", "state"})
    void outboxOrStateFolderThatCannotBeAFolderStopsStartUp(String folder) throws Exception {
        Path unusable = folder.equals("outbox") ? importer.outbox : importer.state;
        Files.writeString(unusable, "a file where the folder should be");
        Path input = importer.drop("users.csv", KB_SAMPLE);

        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
            assertThat(log.text()).contains("ERROR Configuration: IMPORTER_" + folder.toUpperCase(Locale.ROOT)
                    + " is not a folder the importer can create or use: " + unusable);
        }
        assertThat(input).exists();
        assertThat(importer.simulator.createUserRequests()).isEmpty();
    }

    @Test
    void filesTheImporterNeverTakesAreNamedOnceAndMakeTheRunExitOne() throws Exception {
        importer.drop("HIRES.CSV", "emailAddress,products\nana@bancly.com,jira-software\n");
        importer.drop("hires.numbers", "not a file the importer reads");
        importer.drop("hires.txt", "emailAddress,products\nben@bancly.com,jira-software\n");
        // Still being uploaded: waited for, not named
        importer.drop("later.csv.part", "emailAddress\n");

        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

            assertThat(log.text()).contains("WARN hires.txt is not imported: neither a CSV file nor an Excel workbook "
                    + "(.xlsx): save it as CSV UTF-8 or .xlsx and drop that; it stays in the inbox")
                    .contains("WARN hires.numbers is not imported").doesNotContain("later.csv.part");
        }
        assertThat(readCsv(importer.output("HIRES", ".succeeded.csv"))).hasSize(1);
        assertThat(importer.inbox.resolve("hires.numbers")).exists();
        assertThat(importer.inbox.resolve("hires.txt")).exists();

        // A daemon names each once, not at every poll
        try (LogCapture log = new LogCapture()) {
            importer.startDaemon();
            Thread.sleep(2500);
            importer.stopDaemon();
            assertThat(log.text().split("hires.txt is not imported", -1)).hasSize(2);
        }
    }

    @Test
    void emptyInboxExitsZero() {
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
    }

    @Test
    void demoImportsTheSampleAgainstTheSimulator() throws Exception {
        int exit = new ImporterMain(List.of("--demo", "--once"), java.util.Map.of("importer.inbox",
                importer.inbox.toString(), "importer.outbox", importer.outbox.toString(), "importer.state",
                importer.state.toString())).run();

        assertThat(exit).isEqualTo(Run.ALL_SUCCEEDED);
        // The former contractor, who exists without Jira access, is given access back instead of failing
        List<CSVRecord> succeeded = readCsv(importer.output("demo-users", ".succeeded.csv"));
        assertThat(succeeded).hasSize(6).filteredOn(row -> row.get("emailAddress").equals(Demo.USER_WITHOUT_ACCESS))
                .singleElement().extracting(row -> row.get("detail")).isEqualTo("access restored");
        // The leaver loses both groups
        assertThat(succeeded).filteredOn(row -> row.get("emailAddress").equals(Demo.LEAVER)).singleElement()
                .extracting(row -> row.get("detail")).isEqualTo("removed from engineering, jira-software-users");
        assertThat(readCsv(importer.output("demo-users", ".failed.csv"))).isEmpty();
        assertThat(importer.simulator.createUserRequests()).isEmpty();
    }

    /** Completes when the daemon has finished with one input file (its idle polls do not count). */
    private static NotifyBuilder fileImported(ImporterMain daemon) {
        return new NotifyBuilder(daemon.camelContext()).fromRoute("import-file")
                .filter(exchange -> exchange.getMessage().getBody() != null).whenDone(1).create();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
