package io.github.userimporter.mail;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.LogCapture;
import io.github.userimporter.MailServer;
import io.github.userimporter.Run;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each import's report by e-mail, and the alerts a person must act on, through the real send-mail route to a real SMTP
 * server on loopback (GreenMail).
 */
class MailTest extends ImporterTestSupport {

    private MailServer mail;

    @BeforeEach
    void startMailServer() throws Exception {
        mail = new MailServer(ImporterFixture.freePort()).start();
        mail.configure(importer, folder, MailServer.PASSWORD);
    }

    @AfterEach
    void stopMailServer() {
        mail.close();
    }

    @Test
    void futureHiresAreCountedInTheSubjectAndTheirScheduleIsAttached() throws Exception {
        importer.mapping("columns:\n  emailAddress: Work Email\n  startDate: Hire Date\nstartDate:\n"
                + "  format: M/d/yyyy\n  daysAhead: 3\n");
        importer.settings.put("importer.default-products", "jira-software");
        importer.clock.setDay(LocalDate.of(2027, 3, 1));
        importer.drop("hires.csv", "Work Email,Hire Date\nana@bancly.com,3/1/2027\nben@bancly.com,4/1/2027\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        MimeMessage message = await().atMost(10, TimeUnit.SECONDS).until(mail::messages, messages -> messages.size()
                == 1).get(0);
        assertThat(message.getSubject()).isEqualTo("hires.csv: 1 created, 1 scheduled, 0 failed");
        List<Part> parts = MailServer.leaves(message);
        assertThat(parts.subList(2, parts.size())).extracting(Part::getFileName)
                .anySatisfy(name -> assertThat(name).startsWith("hires-").endsWith(".scheduled.csv"));
    }

    @Test
    void eachImportIsMailedWithAnHtmlAndATextPartAndItsReportFailedRowsAndSummaryAttached() throws Exception {
        importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-software\nnot-an-address,jira-software\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        MimeMessage message = await().atMost(10, TimeUnit.SECONDS).until(mail::messages, messages -> messages.size()
                == 1).get(0);
        assertThat(message.getSubject()).isEqualTo("hires.csv: 1 created, 1 failed");
        assertThat(message.getFrom()).extracting(address -> ((InternetAddress) address).getAddress())
                .containsExactly(MailServer.FROM);
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(address -> ((InternetAddress) address)
                .getAddress()).containsExactly("hr@bancly.com", "it-admins@bancly.com");
        List<Part> parts = MailServer.leaves(message);
        assertThat(parts).extracting(part -> part.getContentType().replaceAll(";.*", "").toLowerCase())
                .startsWith("text/plain", "text/html");
        assertThat(parts.subList(2, parts.size())).extracting(Part::getFileName).hasSize(3)
                .anySatisfy(name -> assertThat(name).startsWith("hires-").endsWith(".report.html"))
                .anySatisfy(name -> assertThat(name).endsWith(".failed.csv"))
                .anySatisfy(name -> assertThat(name).endsWith(".summary.json"));
        assertThat((String) parts.get(0).getContent()).contains("hires.csv: imported in")
                .contains("2 rows: 1 created or already there, 1 failed");
        String html = (String) parts.get(1).getContent();
        assertThat(html).contains("Why rows failed", "not-an-address", "<table")
                .doesNotContain("<svg", "<script", "<link", "<style", "src=\"http");
        String raw = MailServer.raw(message);
        assertThat(raw).doesNotContain(ImporterFixture.TOKEN, MailServer.PASSWORD);
        assertThat(Collections.list(message.getAllHeaders())).extracting(Header::getName)
                .noneMatch(name -> name.toLowerCase().startsWith("camel") || name.equalsIgnoreCase("Authorization")
                        || name.equalsIgnoreCase("breadcrumbId"));
        assertThat(importer.state.resolve("mail/queue")).isEmptyDirectory();
    }

    @Test
    void failuresModeMailsOnlyTheImportWithFailedRows() throws Exception {
        importer.settings.put("importer.mail.when", "failures");
        importer.drop("good.csv", "emailAddress,products\nana@bancly.com,jira-software\n");
        importer.drop("bad.csv", "emailAddress,products\nben@bancly.com,jira-software\nbad-address,jira-software\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        await().atMost(10, TimeUnit.SECONDS).until(() -> mail.messages().size() >= 1);
        Thread.sleep(500);
        assertThat(mail.messages()).extracting(MimeMessage::getSubject).containsExactly("bad.csv: 1 created, 1 failed");
    }

    @Test
    void aMailServerThatIsDownDelaysOnlyTheMessageWhichArrivesOnceItIsBack() throws Exception {
        mail.close();
        importer.startDaemon();
        importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-software\n");

        // The import finished, its results in the outbox, while no mail could go
        await().atMost(20, TimeUnit.SECONDS).until(() -> !importer.outputs("hires", ".summary.json").isEmpty());
        await().atMost(10, TimeUnit.SECONDS).until(() -> health().contains("\"mail\"") && health().contains(
                "message(s) not sent yet"));
        assertThat(importer.management("/observe/health").statusCode()).isEqualTo(503);

        mail = new MailServer(mail.port).start();
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> mail.messages().size()
                == 1);
        assertThat(mail.messages().get(0).getSubject()).isEqualTo("hires.csv: 1 created, 0 failed");
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode() == 200);
        importer.stopDaemon();
    }

    @Test
    void aRefusedLoginKeepsTheMessageSaysWhyAndNeverShowsThePassword() throws Exception {
        String wrong = "wrong-password-77a1";
        mail.configure(importer, folder, wrong);
        try (LogCapture log = new LogCapture()) {
            importer.startDaemon();
            importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-software\n");

            await().atMost(20, TimeUnit.SECONDS).until(() -> health().contains("message(s) not sent yet"));
            assertThat(health()).containsIgnoringCase("authentication");
            Thread.sleep(1000);
            importer.stopDaemon();
            assertThat(log.text()).contains("could not be sent").doesNotContain(wrong);
            // Said once, not at each try
            assertThat(log.text().split("could not be sent", -1)).hasSize(2);
        }
        assertThat(mail.messages()).isEmpty();
        assertThat(importer.state.resolve("mail/queue")).isNotEmptyDirectory();

        // The next start, with the right password, sends what the last one kept
        mail.configure(importer, folder, MailServer.PASSWORD);
        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);
        await().atMost(10, TimeUnit.SECONDS).until(() -> mail.messages().size() == 1);
        assertThat(mail.messages().get(0).getSubject()).isEqualTo("hires.csv: 1 created, 0 failed");
        assertThat(importer.state.resolve("mail/queue")).isEmptyDirectory();
    }

    @Test
    void aMessageThatCannotBeSentInTimeIsGivenUpWithOneLogLine() throws Exception {
        mail.close();
        importer.settings.put("importer.mail.give-up", "1s");
        try (LogCapture log = new LogCapture()) {
            importer.startDaemon();
            importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-software\n");

            await().atMost(20, TimeUnit.SECONDS).until(() -> log.text().contains("Gave up mailing"));
            assertThat(log.text()).contains("Gave up mailing \"hires.csv: 1 created, 0 failed\"")
                    .contains("(IMPORTER_MAIL_GIVE_UP)");
            await().atMost(10, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode()
                    == 200);
            importer.stopDaemon();
            assertThat(log.text().split("Gave up mailing", -1)).hasSize(2);
        }
        assertThat(importer.state.resolve("mail/queue")).isEmptyDirectory();
        assertThat(importer.state.resolve("mail/given-up")).isNotEmptyDirectory();
    }

    @Test
    void theSiteRefusingTheCredentialsIsAlertedOnceNotAtEachTry() throws Exception {
        importer.settings.put("atlassian.api-token", "revoked-token-0b9d");
        importer.settings.put("importer.site-retry-interval", "200ms");
        importer.startDaemon();

        await().atMost(20, TimeUnit.SECONDS).until(() -> mail.messages().size() == 1);
        Thread.sleep(2000);
        importer.stopDaemon();

        assertThat(mail.messages()).extracting(MimeMessage::getSubject)
                .containsExactly("The site refused the importer's credentials");
        assertThat(MailServer.raw(mail.messages().get(0))).contains("401").contains("ATLASSIAN_API_TOKEN")
                .doesNotContain("revoked-token-0b9d");
    }

    @Test
    void aRejectedFileAndAnExportOverTheLeaverLimitAreAlertedOnceEach() throws Exception {
        importer.settings.put("importer.mail.when", "failures");
        importer.drop("notes.csv", "name,department\nAna,Engineering\n");
        importer.drop("leavers.csv", "emailAddress,action\n" + IntStream.rangeClosed(1, 11)
                .mapToObj(i -> "gone" + i + "@bancly.com,leave\n").collect(Collectors.joining()));

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        await().atMost(10, TimeUnit.SECONDS).until(() -> mail.messages().size() >= 2);
        Thread.sleep(500);
        assertThat(mail.messages()).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "notes.csv was rejected: nothing was sent", "leavers.csv was rejected: nothing was sent");
        String texts = "";
        for (MimeMessage message : mail.messages()) {
            texts += MailServer.raw(message);
        }
        assertThat(texts).contains("11 rows ask for a leave, more than IMPORTER_MAX_LEAVERS (10)");
        assertThat(importer.simulator.received()).extracting(request -> request.path())
                .containsOnly("/rest/api/2/myself");
    }

    @Test
    void anImportStoppedAgainAndAgainForOneReasonIsMailedOnce() throws Exception {
        importer.settings.put("importer.site-retry-interval", "300ms");
        importer.startDaemon();
        // Something takes the outbox's name: every try of the file stops when its results are written
        Files.delete(importer.outbox);
        Files.writeString(importer.outbox, "not a folder");
        importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-software\n");

        await().atMost(20, TimeUnit.SECONDS).until(() -> mail.messages().size() == 1);
        Thread.sleep(2000);
        assertThat(mail.messages()).extracting(MimeMessage::getSubject)
                .containsExactly("hires.csv stopped: it stays in the inbox");

        Files.delete(importer.outbox);
        Files.createDirectory(importer.outbox);
        await().atMost(20, TimeUnit.SECONDS).until(() -> mail.messages().size() == 2);
        importer.stopDaemon();
        assertThat(mail.messages().get(1).getSubject()).isEqualTo("hires.csv: 1 created, 0 failed");
    }

    private String health() throws Exception {
        return importer.management("/observe/health").body();
    }
}
