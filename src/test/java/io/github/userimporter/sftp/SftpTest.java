package io.github.userimporter.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.LogCapture;
import io.github.userimporter.MailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HR export over SFTP, from a real SFTP server on loopback to the site and back. */
class SftpTest extends ImporterTestSupport {

    private SftpServer sftp;
    private Path exports;

    @BeforeEach
    void startServer() throws Exception {
        sftp = new SftpServer(folder, ImporterFixture.freePort()).start();
        exports = sftp.folder("exports");
        importer.settings.put("importer.sftp.url", sftp.url("exports"));
        importer.settings.put("importer.sftp.private-key-file", sftp.privateKeyFile.toString());
        importer.settings.put("importer.sftp.known-hosts", sftp.knownHosts.toString());
        importer.settings.put("importer.sftp.poll-interval", "1s");
        importer.settings.put("importer.sftp.results", "/results");
    }

    @AfterEach
    void stopServer() throws Exception {
        sftp.close();
    }

    @Test
    void fetchesEachExportOnceImportsItAndUploadsItsResults() throws Exception {
        Files.writeString(exports.resolve("new-hires.csv"), users("hire", 3) + "not-an-address,jira-software\n");
        Files.writeString(exports.resolve("monday.csv.part"), users("partial", 2));
        importer.startDaemon();

        await().atMost(20, TimeUnit.SECONDS).until(() -> remote("results").stream()
                .anyMatch(name -> name.endsWith(".summary.json")));
        assertThat(importer.simulator.createRequests()).isEqualTo(3);
        assertThat(remote("exports/.done")).containsExactly("new-hires.csv");
        assertThat(remote("exports")).containsExactly("monday.csv.part");
        List<String> results = remote("results");
        assertThat(results).hasSize(4).allMatch(name -> name.startsWith("new-hires-"))
                .anyMatch(name -> name.endsWith(".succeeded.csv")).anyMatch(name -> name.endsWith(".failed.csv"))
                .anyMatch(name -> name.endsWith(".report.html"));
        Path uploadedFailures = sftp.root.resolve("results").resolve(importer.output("new-hires", ".failed.csv")
                .getFileName());
        assertThat(uploadedFailures).hasSameBinaryContentAs(importer.output("new-hires", ".failed.csv"));

        // The upload is renamed when whole; HR's own partial upload is left alone until it is renamed
        Files.move(exports.resolve("monday.csv.part"), exports.resolve("monday.csv"));
        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.outputs("monday", ".summary.json").size() == 1);
        assertThat(importer.simulator.createRequests()).isEqualTo(5);
        String metrics = importer.management("/observe/metrics").body();
        assertThat(ImporterFixture.metric(metrics, "importer_sftp_files_fetched_total")).isEqualTo(2);
        assertThat(ImporterFixture.metric(metrics, "importer_sftp_fetched_bytes_total"))
                .isEqualTo(Files.size(sftp.root.resolve("exports/.done/new-hires.csv"))
                        + Files.size(sftp.root.resolve("exports/.done/monday.csv")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> ImporterFixture.metric(importer.management(
                "/observe/metrics").body(), "importer_sftp_results_uploaded_total") == 2);
        assertThat(new ObjectMapper().readTree(importer.management("/observe/health").body()).path("status")
                .asText()).isEqualTo("UP");
    }

    @Test
    void aOnceRunFetchesImportsUploadsItsResultsAndEnds() throws Exception {
        Files.writeString(exports.resolve("new-hires.csv"), users("hire", 3));
        assertThat(importer.runOnce()).isZero();
        assertThat(summary("new-hires").path("succeeded").asInt()).isEqualTo(3);
        assertThat(remote("exports/.done")).containsExactly("new-hires.csv");
        assertThat(remote("results")).hasSize(4);

        // Without the server, the run says it could not do its job
        sftp.stop();
        assertThat(importer.runOnce()).isEqualTo(2);
    }

    @Test
    void aRemoteFileStillBeingWrittenIsFetchedOnlyWhenWhole() throws Exception {
        importer.settings.put("importer.settle-time", "1s");
        importer.startDaemon();
        // HR's server writes the export in pieces, more slowly than the importer polls
        Path export = exports.resolve("slow.csv");
        Files.writeString(export, "emailAddress,products\n");
        for (int i = 1; i <= 12; i++) {
            Files.writeString(export, "slow" + i + "@bancly.com,jira-software\n", StandardOpenOption.APPEND);
            Thread.sleep(300);
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.outputs("slow", ".summary.json").size() == 1);
        assertThat(summary("slow").path("succeeded").asInt()).isEqualTo(12);
        assertThat(importer.simulator.createRequests()).isEqualTo(12);
        assertThat(remote("exports/.done")).containsExactly("slow.csv");
    }

    @Test
    void anUnknownOrChangedHostKeyIsRefusedAndNothingIsFetched() throws Exception {
        Files.writeString(exports.resolve("new-hires.csv"), users("hire", 2));
        Path knownHosts = sftp.knownHostsWithAnotherKey(folder.resolve("known_hosts_changed"));
        importer.settings.put("importer.sftp.known-hosts", knownHosts.toString());
        try (LogCapture log = new LogCapture(); MailServer mail = new MailServer(ImporterFixture.freePort()).start()) {
            mail.configure(importer, folder, MailServer.PASSWORD);
            importer.startDaemon();
            await().atMost(10, TimeUnit.SECONDS).until(() -> health().contains("host key has CHANGED"));
            assertThat(importer.management("/observe/health").statusCode()).isEqualTo(503);
            assertThat(log.text()).contains("SFTP server sftp://hr@127.0.0.1:").contains("host key has CHANGED")
                    .doesNotContain(Files.readString(sftp.privateKeyFile).lines().skip(1).findFirst().orElseThrow());

            // A known_hosts file that does not know the server at all is refused too
            Files.writeString(knownHosts, "");
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.text().contains("host key is not in"));
            Thread.sleep(1500);
            // A person must act: told once of each, not at each poll
            await().atMost(10, TimeUnit.SECONDS).until(() -> mail.messages().size() >= 2);
            assertThat(mail.messages()).extracting(MimeMessage::getSubject).containsExactly(
                    "The SFTP server's host key was refused", "The SFTP server's host key was refused");
            assertThat(MailServer.raw(mail.messages().get(0))).contains("host key has CHANGED");
            assertThat(MailServer.raw(mail.messages().get(1))).contains("host key is not in");
        }
        assertThat(remote("exports")).containsExactly("new-hires.csv");
        assertThat(importer.inbox).isEmptyDirectory();
        assertThat(importer.simulator.createRequests()).isZero();
        assertThat(ImporterFixture.metric(importer.management("/observe/metrics").body(),
                "importer_sftp_connection_failures_total")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRefusedKeyIsNamedAndNothingIsFetched() throws Exception {
        Files.writeString(exports.resolve("new-hires.csv"), users("hire", 2));
        importer.settings.put("importer.sftp.private-key-file",
                sftp.keyItDoesNotKnow(folder.resolve("id_stranger")).toString());
        importer.startDaemon();
        await().atMost(10, TimeUnit.SECONDS).until(() -> health().contains("it refused the login of hr with the key in "
                + "IMPORTER_SFTP_PRIVATE_KEY_FILE"));
        assertThat(remote("exports")).containsExactly("new-hires.csv");
        assertThat(importer.inbox).isEmptyDirectory();
    }

    @Test
    void aServerThatIsDownIsUsedOnceItIsBackAndTheLocalInboxKeepsWorking() throws Exception {
        sftp.stop();
        Files.writeString(exports.resolve("remote.csv"), users("remote", 2));
        importer.startDaemon();
        await().atMost(10, TimeUnit.SECONDS).until(() -> health().contains("fetching exports failed: it cannot be "
                + "reached"));

        importer.drop("local.csv", users("local", 3));
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.outputs("local", ".summary.json").size() == 1);

        sftp.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.outputs("remote", ".summary.json").size() == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode() == 200);
        assertThat(importer.simulator.createRequests()).isEqualTo(5);
        assertThat(remote("exports/.done")).containsExactly("remote.csv");
        // The local file's results are uploaded as well as the fetched one's
        await().atMost(10, TimeUnit.SECONDS).until(() -> uploadedSummaries() == 2);
    }

    @Test
    void aRestartFetchesNothingTwiceAndUploadsNothingTwice() throws Exception {
        Files.writeString(exports.resolve("first.csv"), users("first", 2));
        importer.startDaemon();
        await().atMost(20, TimeUnit.SECONDS).until(() -> uploadedSummaries() == 1);
        importer.stopDaemon();

        importer.startDaemon();
        Files.writeString(exports.resolve("second.csv"), users("second", 2));
        await().atMost(20, TimeUnit.SECONDS).until(() -> uploadedSummaries() == 2);
        Thread.sleep(1500);
        assertThat(remote("results")).hasSize(8);
        assertThat(remote("exports/.done")).containsExactly("first.csv", "second.csv");
        assertThat(importer.outputs("first", ".summary.json")).hasSize(1);
        assertThat(importer.simulator.createRequests()).isEqualTo(4);
        String metrics = importer.management("/observe/metrics").body();
        assertThat(ImporterFixture.metric(metrics, "importer_sftp_files_fetched_total")).isEqualTo(1);
        assertThat(ImporterFixture.metric(metrics, "importer_sftp_results_uploaded_total")).isEqualTo(1);
    }

    @Test
    void aFetchCutShortAfterTheLocalCopyIsFinishedNotRepeated() throws Exception {
        importer.settings.put("importer.done-marker", "true");
        // The importer stopped after copying the export into the inbox, before its marker and the move on the server
        Files.writeString(exports.resolve("hires.csv"), users("hire", 3));
        Files.writeString(exports.resolve("hires.csv.done"), "");
        Files.writeString(importer.inbox.resolve("hires.csv"), users("hire", 3));
        try (LogCapture log = new LogCapture()) {
            importer.startDaemon();
            await().atMost(20, TimeUnit.SECONDS).until(() -> importer.outputs("hires", ".summary.json").size() == 1);
            assertThat(log.text()).contains("already in the inbox with the same bytes");
        }
        assertThat(summary("hires").path("succeeded").asInt()).isEqualTo(3);
        assertThat(remote("exports")).isEmpty();
        assertThat(remote("exports/.done")).containsExactly("hires.csv");
        assertThat(ImporterFixture.metric(importer.management("/observe/metrics").body(),
                "importer_sftp_files_fetched_total")).isZero();
    }

    @Test
    void withDoneMarkersAndAPasswordAnExportWaitsForItsMarker() throws Exception {
        importer.settings.put("importer.done-marker", "true");
        importer.settings.remove("importer.sftp.private-key-file");
        Path passwordFile = Files.writeString(folder.resolve("sftp-password"), SftpServer.PASSWORD + "\n");
        importer.settings.put("importer.sftp.password-file", passwordFile.toString());
        importer.settings.put("importer.sftp.delete", "true");
        Files.writeString(exports.resolve("marked.csv"), users("marked", 2));
        try (LogCapture log = new LogCapture()) {
            importer.startDaemon();
            Thread.sleep(2000);
            assertThat(remote("exports")).containsExactly("marked.csv");
            assertThat(importer.simulator.createRequests()).isZero();

            Files.writeString(exports.resolve("marked.csv.done"), "");
            await().atMost(20, TimeUnit.SECONDS).until(() -> importer.outputs("marked", ".summary.json").size() == 1);
            assertThat(summary("marked").path("succeeded").asInt()).isEqualTo(2);
            // Deleted rather than moved, its marker with it
            assertThat(remote("exports")).isEmpty();
            assertThat(remote("exports/.done")).isEmpty();
            assertThat(log.text()).doesNotContain(SftpServer.PASSWORD);
        }
    }

    @Test
    void aFailedUploadIsTriedAgainAndTheLocalResultsStay() throws Exception {
        // The results folder cannot be made while a file holds its name
        Files.writeString(sftp.root.resolve("results"), "in the way");
        Files.writeString(exports.resolve("new-hires.csv"), users("hire", 2));
        importer.startDaemon();
        await().atMost(20, TimeUnit.SECONDS).until(() -> health().contains("uploading results failed"));
        assertThat(importer.outputs("new-hires", ".summary.json")).hasSize(1);
        assertThat(importer.outputs("new-hires", ".succeeded.csv")).hasSize(1);

        Files.delete(sftp.root.resolve("results"));
        await().atMost(20, TimeUnit.SECONDS).until(() -> uploadedSummaries() == 1);
        assertThat(remote("results")).hasSize(4).noneMatch(name -> name.endsWith(".part"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode() == 200);
    }

    /** Imports whose results are all on the server: a summary is uploaded last, and renamed only once whole. */
    private long uploadedSummaries() throws Exception {
        return remote("results").stream().filter(name -> name.endsWith(".summary.json")).count();
    }

    private String health() throws Exception {
        return importer.management("/observe/health").body();
    }

    /** The names in a folder on the server, sorted; none when it does not exist. */
    private List<String> remote(String folder) throws Exception {
        Path path = sftp.root.resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
