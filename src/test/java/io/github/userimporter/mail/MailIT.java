package io.github.userimporter.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.MailServer;
import io.github.userimporter.PackagedImporter;
import io.github.userimporter.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STARTTLS, which {@code smtp://} must offer off loopback: the packaged importer reaches the SMTP server on 127.0.0.1
 * under a name that is not a loopback address (its own hosts file says where that name is), and the server, which
 * offers no STARTTLS, is refused: nothing is sent, unless plain SMTP is allowed.
 */
class MailIT extends ImporterTestSupport {

    private static final String HOST = "mail.bancly.test";

    private MailServer mail;
    private Map<String, String> environment;

    @BeforeEach
    void mailServerUnderAName() throws Exception {
        mail = new MailServer(ImporterFixture.freePort()).start();
        Path hosts = Files.writeString(folder.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.1 " + HOST + "\n");
        Path password = Files.writeString(folder.resolve("smtp-password"), MailServer.PASSWORD);
        importer.drop("hires.csv", "emailAddress,products\nana@bancly.com,jira-software\n");
        environment = importer.environment();
        environment.putAll(Map.of("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts,
                "IMPORTER_MAIL_URL", "smtp://" + HOST + ":" + mail.port, "IMPORTER_MAIL_USER", MailServer.LOGIN,
                "IMPORTER_MAIL_PASSWORD_FILE", password.toString(), "IMPORTER_MAIL_FROM", MailServer.FROM,
                "IMPORTER_MAIL_TO", MailServer.TO, "IMPORTER_DEFAULT_PRODUCTS", "jira-software"));
    }

    @AfterEach
    void stopMailServer() {
        mail.close();
    }

    @Test
    void aServerOffLoopbackThatOffersNoStarttlsIsRefusedAndTheMessageKept() throws Exception {
        PackagedImporter importer = PackagedImporter.start(folder, folder.resolve("importer.log"), environment,
                "--once");

        assertThat(importer.exitCode(60)).as(importer.log()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(importer.log()).contains("Mail \"hires.csv: 1 created, 0 failed\" could not be sent")
                .containsIgnoringCase("STARTTLS").doesNotContain(MailServer.PASSWORD);
        assertThat(mail.messages()).isEmpty();
        assertThat(this.importer.state.resolve("mail/queue")).isNotEmptyDirectory();
    }

    @Test
    void plainSmtpAllowedOffLoopbackSendsTheMessage() throws Exception {
        environment.put("IMPORTER_ALLOW_INSECURE_SMTP", "true");
        PackagedImporter importer = PackagedImporter.start(folder, folder.resolve("importer.log"), environment,
                "--once");

        assertThat(importer.exitCode(60)).as(importer.log()).isEqualTo(Run.ALL_SUCCEEDED);

        assertThat(mail.messages()).extracting(message -> message.getSubject())
                .containsExactly("hires.csv: 1 created, 0 failed");
    }
}
