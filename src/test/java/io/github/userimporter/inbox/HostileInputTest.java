package io.github.userimporter.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import io.github.userimporter.simulator.AtlassianSimulator.ReceivedRequest;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messy and hostile input, through the real daemon: the corpus in {@code src/test/resources/corpus} is dropped into
 * a watched inbox at once, each file's outcome is checked, and the daemon still imports a good file afterwards.
 */
class HostileInputTest extends ImporterTestSupport {

    static final List<String> PARTIAL_UPLOADS = List.of("upload.csv.part", "upload.csv.filepart", "upload.csv.tmp",
            "upload.csv.crdownload", ".upload.csv");
    /** Corpus files dropped under a name a repository should not hold, as an SFTP upload can name them. */
    static final Map<String, String> DROPPED_AS = Map.of("control-character-name.csv", "line\nbreak.csv");


    @Test
    void corpusThroughTheDaemon() throws Exception {
        importer.startDaemon();
        List<Path> corpus = corpus();
        for (Path file : corpus) {
            String name = file.getFileName().toString();
            Files.copy(file, importer.inbox.resolve(DROPPED_AS.getOrDefault(name, name)));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> csvFilesLeft().isEmpty());

        // Files an importer must read
        assertThat(succeededEmails("excel-bom-mixed-case")).containsExactly("bom.ana@bancly.com|2",
                "bom.ben@bancly.com|3");
        assertThat(succeededEmails("utf16-bom")).containsExactly("utf16.ana@bancly.com|2",
                "utf16.m\u00fcller@bancly.com|3");
        assertThat(readCsv(importer.output("excel-semicolon", ".succeeded.csv")))
                .extracting(row -> row.get("emailAddress") + "|" + row.get("products"))
                .containsExactlyInAnyOrder("semi.ana@bancly.com|jira-software",
                        "semi.ben@bancly.com|jira-software;jira-core");
        assertThat(succeededEmails("quoted-blank-extra")).containsExactly("quoted.ana@bancly.com|2",
                "quoted.ben@bancly.com|5", "quoted.cem@bancly.com|7");
        assertThat(summary("empty").get("rows").asLong()).isZero();
        assertThat(summary("header-only").get("rows").asLong()).isZero();

        // Files rejected as a whole, with the problem and the line
        assertThat(rejection("no-email-column")).contains("line 1", "no emailAddress column", "mail, products");
        assertThat(rejection("no-header")).contains("line 1", "no header row");
        assertThat(rejection("nul-bytes")).contains("line 3", "NUL");
        assertThat(rejection("invalid-utf8")).contains("line 3", "not UTF-8 text");
        assertThat(rejection("malformed-quotes")).contains("malformed CSV", "at line: 2");
        assertThat(rejection("only-commas")).contains("line 1");
        assertThat(rejection("doubled-email-column")).contains("line 1: the header names the emailAddress column "
                + "more than once, as columns 1 and 3");
        for (String rejected : List.of("no-email-column", "no-header", "nul-bytes", "invalid-utf8",
                "malformed-quotes", "only-commas", "doubled-email-column")) {
            assertThat(importer.outputs(rejected, ".summary.json")).as(rejected).isEmpty();
        }

        // Rows that are invalid fail with a message a person can act on
        Map<String, String> longLine = failures("very-long-line");
        assertThat(longLine).containsOnlyKeys("2");
        assertThat(longLine.get("2")).isEqualTo("invalid|emailAddress is longer than 254 characters");
        assertThat(succeededEmails("very-long-line")).containsExactly("long.ben@bancly.com|3");
        assertThat(failures("invalid-rows")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "3", "invalid|emailAddress must contain exactly one @: no-at-sign.bancly.com",
                "4", "invalid|emailAddress must contain exactly one @: two@at@bancly.com",
                "5", "invalid|emailAddress needs a name and a domain with a dot, like name@example.com: "
                        + "no.dot@bancly",
                "6", "invalid|emailAddress contains a space or control character: has space@bancly.com",
                "7", "invalid|unknown product confluence; allowed: jira-core, jira-product-discovery, "
                        + "jira-servicedesk, jira-software",
                "8", "invalid|products has an empty key (look for ;; or a ; at either end): jira-software;;jira-core",
                "9", "invalid|duplicate of line 2",
                "10", "invalid|products has an empty key (look for ;; or a ; at either end): jira-software;"));
        assertThat(succeededEmails("invalid-rows")).containsExactly("valid.ana@bancly.com|2");

        // Cells that a spreadsheet would run as formulas are written as text
        String succeeded = Files.readString(importer.output("formula-injection", ".succeeded.csv"));
        assertThat(succeeded).contains("'=1+2@bancly.com").doesNotContain(",=1+2");
        assertThat(Files.readString(importer.output("formula-injection", ".failed.csv"))).contains("'@bancly.com");

        // A line break in a file name reaches no file name the importer writes; the summary keeps the name as data
        assertThat(succeededEmails("line_break")).containsExactly("odd.name@bancly.com|2");
        assertThat(summary("line_break").get("file").asText()).isEqualTo("line\nbreak.csv");
        try (Stream<Path> written = Stream.of(importer.outbox, importer.inbox.resolve(".done"), importer.state)
                .flatMap(HostileInputTest::walk)) {
            assertThat(written).extracting(path -> path.getFileName().toString()).noneMatch(name -> name
                    .chars().anyMatch(Character::isISOControl));
        }

        // Only the valid rows reached the site, each once
        assertThat(importer.simulator.createUserRequests()).extracting(this::email).containsExactlyInAnyOrder(
                "bom.ana@bancly.com", "bom.ben@bancly.com", "utf16.ana@bancly.com", "utf16.m\u00fcller@bancly.com",
                "semi.ana@bancly.com", "semi.ben@bancly.com", "quoted.ana@bancly.com", "quoted.ben@bancly.com",
                "quoted.cem@bancly.com", "long.ben@bancly.com", "valid.ana@bancly.com", "=1+2@bancly.com",
                "odd.name@bancly.com");

        // Partial uploads are left alone
        for (String partial : PARTIAL_UPLOADS) {
            assertThat(importer.inbox.resolve(partial)).exists();
        }

        // Still watching
        importer.drop("after.csv", "emailAddress,products\nafter@bancly.com,jira-software\n");
        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.outputs("after", ".summary.json").size() == 1);
        assertThat(succeededEmails("after")).containsExactly("after@bancly.com|2");
    }

    @Test
    void failedFileWithNeutralisedCellsComesBackAsItWas() throws Exception {
        importer.drop("formula.csv", "emailAddress,products\n-ana@bancly.com,jira-core\n");
        // Every licence is taken: Atlassian refuses her with 400, and the row fails
        importer.simulator.existingUser("someone@bancly.com").licensedUserLimit(1);
        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);
        Path failed = importer.output("formula", ".failed.csv");
        assertThat(Files.readString(failed)).contains("'-ana@bancly.com");

        Files.copy(failed, importer.inbox.resolve("formula-again.csv"));
        importer.runOnce();

        assertThat(importer.simulator.createUserRequests()).extracting(this::email).containsExactly("-ana@bancly.com",
                "-ana@bancly.com");
    }

    @Test
    void dryRunSendsNothingAndLeavesTheInput() throws Exception {
        Path input = importer.drop("check.csv", "emailAddress,products\nana@bancly.com,jira-software\n"
                + "not-an-address,jira-software\n");

        assertThat(importer.runOnce("--dry-run")).isEqualTo(Run.ROWS_FAILED);

        assertThat(importer.simulator.createUserRequests()).isEmpty();
        assertThat(input).exists();
        List<CSVRecord> wouldCreate = readCsv(importer.output("check", ".succeeded.csv"));
        assertThat(wouldCreate).extracting(row -> row.get("emailAddress") + "|" + row.get("accountId"))
                .containsExactly("ana@bancly.com|");
        assertThat(failures("check")).containsOnlyKeys("3");
        assertThat(summary("check").get("dryRun").asBoolean()).isTrue();
    }

    @Test
    void fileStillBeingWrittenIsReadOnceWhole() throws Exception {
        importer.settings.put("importer.settle-time", "1500");
        importer.startDaemon();
        Path file = importer.inbox.resolve("slow.csv");
        Files.writeString(file, "emailAddress,products\n");
        for (int i = 1; i <= 5; i++) {
            Thread.sleep(400);
            Files.writeString(file, "slow" + i + "@bancly.com,jira-software\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }

        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.outputs("slow", ".summary.json").size() == 1);
        assertThat(summary("slow").get("rows").asLong()).isEqualTo(5);
        assertThat(importer.simulator.createUserRequests()).hasSize(5);
        Thread.sleep(1000);
        assertThat(importer.outputs("slow", ".summary.json")).hasSize(1);
    }

    @Test
    void doneMarkerModeWaitsForTheMarker() throws Exception {
        importer.settings.put("importer.done-marker", "true");
        importer.startDaemon();
        importer.drop("hr.csv", "emailAddress,products\nana@bancly.com,jira-software\n");

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> importer.simulator.createUserRequests().isEmpty());
        Files.writeString(importer.inbox.resolve("hr.csv.done"), "");

        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.archived().size() == 1);
        assertThat(importer.simulator.createUserRequests()).hasSize(1);
        assertThat(importer.inbox.resolve("hr.csv.done")).doesNotExist();
    }

    private String email(ReceivedRequest request) {
        try {
            return new ObjectMapper().readTree(request.body()).get("emailAddress").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> csvFilesLeft() throws IOException {
        try (Stream<Path> files = Files.list(importer.inbox)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".csv")
                    && !name.startsWith(".")).toList();
        }
    }

    /** {@code emailAddress|line} of each succeeded row, in line order (rows finish in any order). */
    private List<String> succeededEmails(String baseName) throws IOException {
        return readCsv(importer.output(baseName, ".succeeded.csv")).stream()
                .sorted(java.util.Comparator.comparing(row -> Integer.parseInt(row.get("line"))))
                .map(row -> row.get("emailAddress") + "|" + row.get("line")).toList();
    }

    private Map<String, String> failures(String baseName) throws IOException {
        return readCsv(importer.output(baseName, ".failed.csv")).stream().collect(Collectors.toMap(
                row -> row.get("line"), row -> row.get("status") + "|" + row.get("error")));
    }


    /** The {@code .error.txt} of a rejected file, which must sit beside the file in the error folder. */
    private String rejection(String baseName) throws IOException {
        Path errors = importer.inbox.resolve(".error");
        try (Stream<Path> files = Files.list(errors)) {
            List<Path> found = files.filter(file -> file.getFileName().toString().startsWith(baseName + "-"))
                    .sorted().toList();
            assertThat(found).as(baseName).hasSize(2);
            assertThat(found.get(0).getFileName().toString()).endsWith(".csv");
            return Files.readString(found.get(1));
        }
    }

    private static Stream<Path> walk(Path folder) {
        try {
            return Files.walk(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> corpus() throws IOException, URISyntaxException {
        Path folder = Path.of(HostileInputTest.class.getResource("/corpus").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
