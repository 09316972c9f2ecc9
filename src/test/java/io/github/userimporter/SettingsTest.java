package io.github.userimporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void namesEveryMissingSettingOnItsOwnLine() {
        assertThatThrownBy(() -> Settings.load(properties("", "", "")))
                .isInstanceOf(Settings.InvalidSettingsException.class)
                .hasMessage(String.join(System.lineSeparator(),
                        "ATLASSIAN_SITE_URL is not set (property atlassian.site-url)",
                        "ATLASSIAN_EMAIL is not set (property atlassian.email)",
                        "ATLASSIAN_API_TOKEN is not set (property atlassian.api-token); or name a file holding it "
                                + "with ATLASSIAN_API_TOKEN_FILE"));
    }

    @Test
    void rejectsDefaultProductsOutsideTheAllowedOnesAndBadFlags() {
        PropertiesComponent properties = properties("https://bancly.atlassian.net", "a@b.com", "t");
        properties.addOverrideProperty(Settings.DEFAULT_PRODUCTS, "confluence");
        properties.addOverrideProperty(Settings.DRY_RUN, "yes");
        properties.addOverrideProperty(Settings.LOG_FORMAT, "xml");
        properties.addOverrideProperty(Settings.MASK_EMAILS, "on");
        properties.addOverrideProperty(Settings.REIMPORT, "1");
        assertThatThrownBy(() -> Settings.load(properties)).hasMessage(String.join(System.lineSeparator(),
                "IMPORTER_DEFAULT_PRODUCTS names confluence, which is not in IMPORTER_ALLOWED_PRODUCTS",
                "IMPORTER_DRY_RUN must be true or false, not 'yes'",
                "IMPORTER_REIMPORT must be true or false, not '1'",
                "IMPORTER_LOG_FORMAT must be text or json, not 'xml'",
                "IMPORTER_MASK_EMAILS must be true or false, not 'on'"));
    }

    @Test
    void refusesPlainHttpExceptOnLoopbackOrWhenAllowed() {
        assertThatThrownBy(() -> Settings.load(properties("http://bancly.atlassian.net", "a@b.com", "t")))
                .hasMessage("ATLASSIAN_SITE_URL uses plain http, which would send the API token unencrypted: use "
                        + "https://, or set IMPORTER_ALLOW_INSECURE_HTTP=true");
        assertThat(Settings.load(properties("http://127.0.0.1:8089", "a@b.com", "t")).site().url())
                .isEqualTo("http://127.0.0.1:8089");
        PropertiesComponent allowed = properties("http://jira.internal:8080", "a@b.com", "t");
        allowed.addOverrideProperty(Settings.ALLOW_INSECURE_HTTP, "true");
        assertThat(Settings.load(allowed).site().url()).isEqualTo("http://jira.internal:8080");
    }

    @Test
    void readsTheTokenFromAFile(@TempDir Path folder) throws Exception {
        Path secret = Files.writeString(folder.resolve("token"), "s3cret\n");
        PropertiesComponent properties = properties("https://bancly.atlassian.net", "a@b.com", "");
        properties.addOverrideProperty(Settings.API_TOKEN_FILE, secret.toString());
        assertThat(Settings.load(properties).site().credentials().authorization()).isEqualTo("Basic YUBiLmNvbTpzM2NyZXQ=");

        properties.addOverrideProperty(Settings.API_TOKEN_FILE, folder.resolve("missing").toString());
        assertThatThrownBy(() -> Settings.load(properties))
                .hasMessage("ATLASSIAN_API_TOKEN_FILE cannot be read: " + folder.resolve("missing"));

        properties.addOverrideProperty(Settings.API_TOKEN, "also-set");
        assertThatThrownBy(() -> Settings.load(properties))
                .hasMessage("ATLASSIAN_API_TOKEN and ATLASSIAN_API_TOKEN_FILE are both set: set only one");
    }

    @Test
    void rejectsASiteThatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> Settings.load(properties("bancly.atlassian.net", "a@b.com", "t")))
                .hasMessageContaining("ATLASSIAN_SITE_URL must be an http(s) URL");
    }

    @Test
    void dropsTrailingSlashAndNeverShowsTheToken() {
        PropertiesComponent properties = properties("https://bancly.atlassian.net/", "a@b.com", "s3cret");
        Settings settings = Settings.load(properties);
        assertThat(settings.site().url()).isEqualTo("https://bancly.atlassian.net");
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(settings.site().toString()).doesNotContain("s3cret");
        assertThat(settings.site().credentials().authorization()).isEqualTo("Basic YUBiLmNvbTpzM2NyZXQ=");
    }

    @Test
    void sftpNeedsAUserAFolderOneWayToLogInAndAKnownHostsFile() {
        PropertiesComponent properties = properties("https://bancly.atlassian.net", "a@b.com", "t");
        properties.addOverrideProperty(Settings.SFTP_URL, "sftp://hr.bancly.com/exports");
        assertThatThrownBy(() -> Settings.load(properties)).hasMessage(String.join(System.lineSeparator(),
                "IMPORTER_SFTP_URL is set: set one of IMPORTER_SFTP_PRIVATE_KEY_FILE (an OpenSSH private key) and "
                        + "IMPORTER_SFTP_PASSWORD_FILE (a file holding the password), not neither",
                "IMPORTER_SFTP_KNOWN_HOSTS is not set: the server's host key is always checked; write the file with "
                        + "ssh-keyscan (see README) and check the key's fingerprint with its owner",
                "IMPORTER_SFTP_URL must look like sftp://user@host:22/path/to/exports (and hold no password: use "
                        + "IMPORTER_SFTP_PASSWORD_FILE)"));
    }

    @Test
    void readsTheSftpServerFromItsUrl(@TempDir Path folder) throws Exception {
        PropertiesComponent properties = properties("https://bancly.atlassian.net", "a@b.com", "t");
        properties.addOverrideProperty(Settings.SFTP_URL, "sftp://hr-export@hr.bancly.com:2222/outgoing/new-hires/");
        properties.addOverrideProperty(Settings.SFTP_PRIVATE_KEY_FILE,
                Files.writeString(folder.resolve("id_ed25519"), "key").toString());
        properties.addOverrideProperty(Settings.SFTP_KNOWN_HOSTS,
                Files.writeString(folder.resolve("known_hosts"), "").toString());
        properties.addOverrideProperty(Settings.SFTP_RESULTS, "/outgoing/results/");
        Settings settings = Settings.load(properties);
        var sftp = settings.sftp();
        assertThat(sftp.server()).isEqualTo("sftp://hr-export@hr.bancly.com:2222/outgoing/new-hires");
        assertThat(sftp.resultsFolder()).isEqualTo("outgoing/results");
        assertThat(sftp.pollInterval()).hasSeconds(60);
        Map<String, String> routes = RouteProperties.of(settings, false);
        assertThat(routes).containsEntry("route.sftp.address", "hr.bancly.com:2222/outgoing/new-hires")
                .containsEntry("route.sftp.move", ".done/${file:name}").containsEntry("route.sftp.poll-millis", "60000")
                .doesNotContainKey("route.sftp.password");
        assertThat(RouteProperties.of(settings, true)).as("a --once run waits for its upload")
                .containsEntry("route.sftp.upload-millis", "500");
        // Two slashes, as in Camel's URIs: a folder outside the login's home
        properties.addOverrideProperty(Settings.SFTP_URL, "sftp://hr-export@hr.bancly.com//srv/exports");
        Settings absolute = Settings.load(properties);
        assertThat(absolute.sftp().server()).isEqualTo("sftp://hr-export@hr.bancly.com:22//srv/exports");
        assertThat(RouteProperties.of(absolute, false)).containsEntry("route.sftp.address",
                "hr.bancly.com:22//srv/exports");
    }

    @Test
    void aClusterNeedsAKnownServiceAndZooKeeperItsServers() {
        PropertiesComponent zookeeper = properties("https://bancly.atlassian.net", "a@b.com", "t");
        zookeeper.addOverrideProperty(Settings.CLUSTER, "zookeeper");
        zookeeper.addOverrideProperty(Settings.CLUSTER_LEASE, "500ms");
        assertThatThrownBy(() -> Settings.load(zookeeper)).hasMessage(String.join(System.lineSeparator(),
                "IMPORTER_CLUSTER_LEASE must be at least 1s",
                "IMPORTER_CLUSTER=zookeeper needs IMPORTER_CLUSTER_ZOOKEEPER: the ensemble's servers, host:port,..."));
        PropertiesComponent unknown = properties("https://bancly.atlassian.net", "a@b.com", "t");
        unknown.addOverrideProperty(Settings.CLUSTER, "etcd");
        assertThatThrownBy(() -> Settings.load(unknown))
                .hasMessage("IMPORTER_CLUSTER must be file, zookeeper or unset, not 'etcd'");
        PropertiesComponent file = properties("https://bancly.atlassian.net", "a@b.com", "t");
        file.addOverrideProperty(Settings.CLUSTER, "file");
        Settings clustered = Settings.load(file);
        assertThat(clustered.cluster().lease()).hasSeconds(15);
        assertThat(RouteProperties.of(clustered, false)).containsEntry("route.consumer-prefix",
                "master:atlassian-user-importer:");
    }

    @Test
    void readingTheSettingsChangesNothingAndEachDurationReachesTheRoutesInMilliseconds() {
        PropertiesComponent properties = properties("https://bancly.atlassian.net//", "a@b.com", "t");
        properties.addOverrideProperty(Settings.SETTLE_TIME, "2s");
        Settings settings = Settings.load(properties);

        assertThat(settings.folders().inbox()).doesNotExist();
        assertThat(settings.folders().state()).doesNotExist();
        assertThat(properties.resolveProperty(Settings.SITE_URL)).hasValue("https://bancly.atlassian.net//");
        assertThat(RouteProperties.of(settings, false)).containsEntry("route.leaver-action", "groups")
                .containsEntry("route.settle-millis", "2000").containsEntry("route.site-retry-millis", "30000")
                .containsEntry("route.sftp.enabled", "false").containsEntry("route.consumer-prefix", "");
        settings.folders().create();
        assertThat(settings.folders().inbox()).isDirectory();
        assertThat(settings.folders().state()).isDirectory();
    }

    @Test
    void mailNeedsASenderRecipientsAndALoginThatComesWithItsPasswordFile(@TempDir Path folder) throws Exception {
        PropertiesComponent properties = properties("https://bancly.atlassian.net", "a@b.com", "t");
        properties.addOverrideProperty(Settings.MAIL_URL, "smtp://user@mail.bancly.com:587/x");
        properties.addOverrideProperty(Settings.MAIL_USER, "importer");
        properties.addOverrideProperty(Settings.MAIL_WHEN, "sometimes");
        assertThatThrownBy(() -> Settings.load(properties)).hasMessage(String.join(System.lineSeparator(),
                "IMPORTER_MAIL_WHEN must be always or failures, not 'sometimes'",
                "IMPORTER_MAIL_URL is set: IMPORTER_MAIL_FROM must be the sender's address, not ''",
                "IMPORTER_MAIL_URL is set: IMPORTER_MAIL_TO must be one or more addresses separated by , not ''",
                "IMPORTER_MAIL_USER and IMPORTER_MAIL_PASSWORD_FILE go together: set both to log in, or neither",
                "IMPORTER_MAIL_URL must be smtp://host:587 or smtps://host:465 (the login goes in IMPORTER_MAIL_USER), "
                        + "not 'smtp://user@mail.bancly.com:587/x'"));

        Path password = Files.writeString(folder.resolve("smtp-password"), "smtp-s3cret\n");
        properties.addOverrideProperty(Settings.MAIL_URL, "smtp://mail.bancly.com");
        properties.addOverrideProperty(Settings.MAIL_PASSWORD_FILE, password.toString());
        properties.addOverrideProperty(Settings.MAIL_WHEN, "failures");
        properties.addOverrideProperty(Settings.MAIL_FROM, "importer@bancly.com");
        properties.addOverrideProperty(Settings.MAIL_TO, "hr@bancly.com, it@bancly.com");
        Settings settings = Settings.load(properties);
        assertThat(settings.mail().port()).isEqualTo(587);
        assertThat(settings.mail().to()).containsExactly("hr@bancly.com", "it@bancly.com");
        assertThat(settings.mail().onlyFailures()).isTrue();
        // Off loopback, smtp:// goes on only over STARTTLS
        assertThat(settings.mail().javaMailProperties()).containsEntry("mail.smtp.starttls.required", "true");
        assertThat(settings.mail().toString()).doesNotContain("smtp-s3cret");
        assertThat(RouteProperties.of(settings, false).toString()).doesNotContain("smtp-s3cret");
    }

    private static PropertiesComponent properties(String site, String email, String token) {
        Properties values = new Properties();
        values.put(Settings.SITE_URL, site);
        values.put(Settings.EMAIL, email);
        values.put(Settings.API_TOKEN, token);
        try {
            Path folders = Files.createTempDirectory("settings-test");
            values.put(Settings.INBOX, folders.resolve("inbox").toString());
            values.put(Settings.OUTBOX, folders.resolve("outbox").toString());
            values.put(Settings.STATE, folders.resolve("state").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // The shipped application.properties, with the environment's values given as overrides
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        properties.setOverrideProperties(values);
        return properties;
    }
}
