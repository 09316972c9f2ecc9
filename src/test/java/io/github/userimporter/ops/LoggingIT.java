package io.github.userimporter.ops;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.PackagedImporter;
import io.github.userimporter.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar's log output, as a terminal or a log shipper receives it (log4j2.properties is only in the jar). */
class LoggingIT extends ImporterTestSupport {

    @BeforeEach
    void dropTheHires() throws Exception {
        importer.drop("hires.csv", users("hire", 3));
    }

    @Test
    void jsonLogIsOneObjectPerLineAndMasksAddresses() throws Exception {
        String log = run(Map.of("IMPORTER_LOG_FORMAT", "json", "IMPORTER_MASK_EMAILS", "true"));

        ObjectMapper json = new ObjectMapper();
        List<String> lines = log.lines().toList();
        assertThat(lines).isNotEmpty();
        List<JsonNode> events = lines.stream().map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + line, e);
            }
        }).toList();
        assertThat(events).allSatisfy(event -> assertThat(event.has("@timestamp") && event.has("log.level")
                && event.has("message")).as(event.toString()).isTrue());
        assertThat(events).extracting(event -> event.get("message").asText())
                .contains(importer.simulator.siteUrl() + " accepted the credentials of a*****n@bancly.com; watching "
                        + "the inbox")
                .anySatisfy(message -> assertThat(message).startsWith("Imported hires.csv: 3 rows, 3 succeeded"));
        assertThat(log).doesNotContain(ImporterFixture.EMAIL, ImporterFixture.TOKEN);
    }

    @Test
    void textLogShowsAddressesUnlessAskedToMaskThem() throws Exception {
        String log = run(Map.of());

        assertThat(log).contains("INFO  Preflight    " + importer.simulator.siteUrl() + " accepted the credentials of "
                + ImporterFixture.EMAIL);
        // The first line says which version runs, on what, and where health, metrics and reports are served
        assertThat(log).containsPattern("INFO  Lifecycle +atlassian-user-importer \\d+\\.\\d+\\.\\d+\\S* started: "
                + "site " + Pattern.quote(importer.simulator.siteUrl()) + ", inbox " + Pattern.quote(importer.inbox
                .toAbsolutePath().toString()) + ", outbox .*; health http://127\\.0\\.0\\.1:<any free port>/observe/health, "
                + "metrics .*/observe/metrics, reports .*/reports/");
    }

    @Test
    void aLineBreakInAFileNameCannotForgeALogLine() throws Exception {
        importer.drop("line\nbreak.csv", users("odd", 1));

        String log = run(Map.of());

        assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("Importing line\\nbreak.csv as "
                + "line_break-")).anySatisfy(line -> assertThat(line).contains("Imported line\\nbreak.csv: 1 rows"))
                .noneSatisfy(line -> assertThat(line).startsWith("break.csv"));
    }

    @Test
    void anUnknownLogFormatIsNamedInOneLineAndNothingIsImported() throws Exception {
        Map<String, String> environment = importer.environment();
        environment.put("IMPORTER_LOG_FORMAT", "xml");
        PackagedImporter jar = PackagedImporter.start(folder, folder.resolve("importer.log"), environment,
                "--once");

        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.COULD_NOT_RUN);
        assertThat(jar.log().strip()).isEqualTo("Configuration: IMPORTER_LOG_FORMAT must be text or json, not 'xml'");
        assertThat(importer.simulator.createRequests()).isZero();
    }

    private String run(Map<String, String> logSettings) throws Exception {
        Map<String, String> environment = importer.environment();
        environment.putAll(logSettings);
        PackagedImporter jar = PackagedImporter.start(folder, folder.resolve("importer.log"), environment,
                "--once");
        assertThat(jar.exitCode(60)).as(jar.log()).isEqualTo(Run.ALL_SUCCEEDED);
        return jar.log();
    }
}
