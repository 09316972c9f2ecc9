package io.github.userimporter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --once} as cron, a script and a person at a terminal run the packaged jar. */
class OnceIT extends ImporterTestSupport {

    @Test
    void aFileStillBeingWrittenWhenTheRunStartsIsImportedWhole() throws Exception {
        Path slow = importer.inbox.resolve("slow.csv");
        Files.writeString(slow, "emailAddress,products\n");
        PackagedImporter jar = start(Map.of("IMPORTER_SETTLE_TIME", "1500"), "--once");
        for (int i = 1; i <= 6; i++) {
            Thread.sleep(500);
            Files.writeString(slow, "slow" + i + "@bancly.com,jira-software\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }

        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(readCsv(importer.output("slow", ".succeeded.csv"))).hasSize(6);
        assertThat(slow).doesNotExist();
        assertThat(importer.archived()).hasSize(1);
    }

    @Test
    void aFileYoungerThanTheSettleTimeIsWaitedFor() throws Exception {
        importer.drop("fresh.csv", users("fresh", 3));
        PackagedImporter jar = start(Map.of("IMPORTER_SETTLE_TIME", "4s"), "--once");

        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.ALL_SUCCEEDED);
        assertThat(readCsv(importer.output("fresh", ".succeeded.csv"))).hasSize(3);
        assertThat(importer.archived()).hasSize(1);
    }

    @Test
    void aFileThatNeverSettlesEndsTheRunWithExitTwoAndStays() throws Exception {
        Path growing = importer.inbox.resolve("growing.csv");
        Files.writeString(growing, "emailAddress,products\n");
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 1; writing.get() && i < 200; i++) {
                try {
                    Thread.sleep(300);
                    Files.writeString(growing, "grow" + i + "@bancly.com,jira-software\n", StandardCharsets.UTF_8,
                            StandardOpenOption.APPEND);
                } catch (Exception e) {
                    return;
                }
            }
        });
        try {
            PackagedImporter jar = start(Map.of("IMPORTER_SETTLE_TIME", "1s", "IMPORTER_SETTLE_TIMEOUT", "4s"),
                    "--once");

            assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.COULD_NOT_RUN);
            assertThat(jar.log()).contains("growing.csv was not imported: it was still changing after 4 s "
                    + "(IMPORTER_SETTLE_TIMEOUT)").contains("growing.csv: stopped: it was still changing");
        } finally {
            writing.set(false);
            writer.get();
        }
        assertThat(growing).exists();
        assertThat(importer.simulator.createUserRequests()).isEmpty();
    }

    @Test
    void onATerminalEachFileHasAProgressLineRedrawnInPlace() throws Exception {
        importer.simulator.latency(Duration.ofMillis(100));
        importer.drop("team.csv", users("team", 40));
        Path out = folder.resolve("terminal.out");
        PackagedImporter jar = PackagedImporter.startOnTerminal(folder, out,
                environment(Map.of("IMPORTER_CONCURRENCY", "2")), "--once");

        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.ALL_SUCCEEDED);
        String shown = Files.readString(out);
        List<String> redrawn = Arrays.stream(shown.split("\r")).filter(line -> line.startsWith("team.csv ")).toList();
        assertThat(redrawn).hasSizeGreaterThan(3);
        assertThat(redrawn.get(redrawn.size() - 1)).contains("40/40 rows");
        assertThat(shown).contains("team.csv: imported in ", "  40 rows: 40 created or already there, 0 failed");
    }

    @Test
    void toAPipeNothingIsRedrawnAndTheReportEndsTheOutput() throws Exception {
        importer.simulator.latency(Duration.ofMillis(100));
        // A product this importer allows and the site does not know: Atlassian's 400
        importer.drop("team.csv", users("team", 19) + "team20@bancly.com,confluence\nnot-an-address,jira-software\n");
        PackagedImporter jar = start(Map.of("IMPORTER_CONCURRENCY", "2", "IMPORTER_ALLOWED_PRODUCTS",
                "jira-software;confluence"), "--once");

        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.ROWS_FAILED);
        String output = jar.log();
        assertThat(output).doesNotContain("\r").contains("Imported team.csv: 21 rows");
        assertThat(output.lines().filter(line -> line.startsWith(" ")).toList()).startsWith(
                "  21 rows: 19 created or already there, 2 failed",
                "        1  400: Unknown product: confluence",
                "        1  invalid: emailAddress must contain exactly one @",
                "  0 retries, 0 answered 429");
    }

    @Test
    void withJsonTheReportIsJsonOnStandardOutputAndTheLogOnStandardError() throws Exception {
        importer.drop("team.csv", users("team", 2));
        Path out = folder.resolve("report.json");
        Path errors = folder.resolve("errors.log");
        PackagedImporter jar = PackagedImporter.startWithErrorsTo(errors, folder, out, environment(Map.of()),
                "--once", "--json");

        assertThat(jar.exitCode(60)).as(Files.readString(errors)).isEqualTo(Run.ALL_SUCCEEDED);
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertThat(report).hasSize(1);
        assertThat(report.get(0).get("file").asText()).isEqualTo("team.csv");
        assertThat(report.get(0).get("result").asText()).isEqualTo("imported");
        assertThat(report.get(0).get("summary").get("succeeded").asLong()).isEqualTo(2);
        assertThat(Files.readString(errors)).contains("Imported team.csv: 2 rows");
    }

    @Test
    void filesLeftInTheInboxBecauseTheSiteRefusedTheCredentialsAreNamedWithTheReason() throws Exception {
        importer.drop("team.csv", users("team", 2));
        PackagedImporter jar = start(Map.of("ATLASSIAN_API_TOKEN", "expired-token"), "--once");

        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.COULD_NOT_RUN);
        assertThat(jar.log().lines().toList()).last().isEqualTo("team.csv: stopped: not taken, it stays in the "
                + "inbox: " + importer.simulator.siteUrl() + " answered 401 Unauthorized: check ATLASSIAN_EMAIL and "
                + "ATLASSIAN_API_TOKEN (API tokens expire)");
        assertThat(importer.inbox.resolve("team.csv")).exists();
        assertThat(importer.simulator.createRequests()).isZero();
    }

    @Test
    void aFileTheImporterDoesNotReadIsNamedInTheReportAndTheRunExitsOne() throws Exception {
        importer.drop("team.csv", users("team", 2));
        importer.drop("team.txt", users("other", 2));
        PackagedImporter jar = start(Map.of(), "--once");

        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.ROWS_FAILED);
        assertThat(jar.log()).contains("team.txt: not imported: neither a CSV file nor an Excel workbook (.xlsx): "
                + "save it as CSV UTF-8 or .xlsx and drop that" + System.lineSeparator() + "  it stays in "
                + importer.inbox);
        assertThat(importer.inbox.resolve("team.txt")).exists();
        assertThat(importer.simulator.createRequests()).isEqualTo(2);
    }

    private PackagedImporter start(Map<String, String> settings, String... args) throws Exception {
        return PackagedImporter.start(folder, folder.resolve("importer.log"), environment(settings), args);
    }

    private Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(importer.environment());
        environment.putAll(settings);
        return environment;
    }
}
