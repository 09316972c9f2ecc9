package io.github.userimporter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import io.github.userimporter.simulator.AtlassianSimulator;
import io.github.userimporter.simulator.AtlassianSimulator.ReceivedRequest;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/** Nothing in a file steers a request, and the API token never leaves the request it authorises. */
class SafetyTest extends ImporterTestSupport {

    @Test
    void columnsNamedLikeHeadersCannotRedirectOrReauthoriseRequests() throws Exception {
        try (AtlassianSimulator elsewhere = new AtlassianSimulator("attacker@evil.example", "stolen")) {
            String otherSite = elsewhere.start(0);
            importer.drop("headers.csv", "emailAddress,products,CamelHttpUri,CamelHttpPath,CamelHttpMethod,"
                    + "Authorization,Host,Content-Type\n"
                    + "ana@bancly.com,jira-software," + otherSite + "/rest/api/2/user,/evil,GET,"
                    + "Basic YXR0YWNrZXI6c3RvbGVu,evil.example,text/plain\n");

            assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

            assertThat(elsewhere.received()).isEmpty();
        }
        assertThat(importer.simulator.received()).allSatisfy(request -> assertThat(request.authorization())
                .isEqualTo(basic(ImporterFixture.EMAIL, ImporterFixture.TOKEN)));
        List<ReceivedRequest> requests = importer.simulator.createUserRequests();
        assertThat(requests).hasSize(1);
        ReceivedRequest request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/rest/api/2/user");
        assertThat(request.authorization()).isEqualTo(basic(ImporterFixture.EMAIL, ImporterFixture.TOKEN));
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.body()).isEqualTo("{\"emailAddress\":\"ana@bancly.com\",\"products\":[\"jira-software\"]}");
    }

    @Test
    void tokenAppearsInNoLogLineAndNoFileWritten() throws Exception {
        importer.simulator.burstLimit(3, 3).failEvery(5).userWithoutAccess("no.access@bancly.com");
        importer.settings.put("importer.progress-interval", "1s");
        importer.drop("mixed.csv", ImporterFixture.users("user", 12) + "no.access@bancly.com,jira-software\n"
                + "not-an-address,jira-software\n");
        importer.drop("broken.csv", "mail\nx\n");

        String logged;
        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);
            logged = log.text();
        }
        // A run that stops on a wrong token must not echo it either
        importer.settings.put("atlassian.api-token", "wrong-" + ImporterFixture.TOKEN);
        importer.drop("stopped.csv", ImporterFixture.users("later", 2));
        try (LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);
            logged += log.text();
        }

        // The twelve new users, and the returning one given access back
        assertThat(readCsv(importer.output("mixed", ".succeeded.csv"))).hasSize(13);
        String encoded = Base64.getEncoder().encodeToString(
                (ImporterFixture.EMAIL + ":" + ImporterFixture.TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(logged).contains("Imported mixed.csv").doesNotContain(ImporterFixture.TOKEN, encoded);
        try (Stream<Path> written = Files.walk(folder)) {
            for (Path file : written.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(ImporterFixture.TOKEN, encoded);
            }
        }
    }

    @Test
    void resultsAreReadableByTheOwnerOnly() throws Exception {
        importer.simulator.userWithoutAccess("no.access@bancly.com");
        importer.drop("people.csv", "emailAddress,products\nana@bancly.com,jira-software\n"
                + "no.access@bancly.com,jira-software\n");
        importer.drop("broken.csv", "mail\nx\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        for (String suffix : List.of(".succeeded.csv", ".failed.csv", ".summary.json")) {
            assertThat(permissions(importer.output("people", suffix))).as(suffix).isEqualTo("rw-------");
        }
        try (Stream<Path> state = Files.walk(importer.state)) {
            for (Path path : state.toList()) {
                assertThat(permissions(path)).as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
            }
        }
        assertThat(importer.state.resolve("imported")).isNotEmptyDirectory();
        try (Stream<Path> errors = Files.list(importer.inbox.resolve(".error"))) {
            Path reason = errors.filter(file -> file.toString().endsWith(".error.txt")).findFirst().orElseThrow();
            assertThat(permissions(reason)).isEqualTo("rw-------");
        }
    }

    @Test
    void tokenCanComeFromAMountedSecretFile() throws Exception {
        Path secret = Files.writeString(folder.resolve("api-token"), ImporterFixture.TOKEN + "\n");
        importer.settings.put("atlassian.api-token", "");
        importer.settings.put("atlassian.api-token-file", secret.toString());
        importer.drop("users.csv", "emailAddress,products\nana@bancly.com,jira-software\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.simulator.createUserRequests()).extracting(ReceivedRequest::authorization)
                .containsExactly(basic(ImporterFixture.EMAIL, ImporterFixture.TOKEN));
    }

    private static String permissions(Path path) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String basic(String email, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
    }
}
