package io.github.userimporter;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

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
                        "ATLASSIAN_API_TOKEN is not set (property atlassian.api-token)"));
    }

    @Test
    void rejectsDefaultProductsOutsideTheAllowedOnesAndBadFlags() {
        PropertiesComponent properties = properties("https://bancly.atlassian.net", "a@b.com", "t");
        properties.addOverrideProperty(Settings.DEFAULT_PRODUCTS, "confluence");
        properties.addOverrideProperty(Settings.DRY_RUN, "yes");
        assertThatThrownBy(() -> Settings.load(properties)).hasMessage(String.join(System.lineSeparator(),
                "IMPORTER_DEFAULT_PRODUCTS names confluence, which is not in IMPORTER_ALLOWED_PRODUCTS",
                "IMPORTER_DRY_RUN must be true or false, not 'yes'"));
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
        assertThat(settings.siteUrl()).isEqualTo("https://bancly.atlassian.net");
        assertThat(properties.resolveProperty(Settings.SITE_URL)).contains("https://bancly.atlassian.net");
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(settings.authorization()).isEqualTo("Basic YUBiLmNvbTpzM2NyZXQ=");
    }

    private static PropertiesComponent properties(String site, String email, String token) {
        Properties values = new Properties();
        values.put(Settings.SITE_URL, site);
        values.put(Settings.EMAIL, email);
        values.put(Settings.API_TOKEN, token);
        // The shipped application.properties, with the environment's values given as overrides
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        properties.setOverrideProperties(values);
        return properties;
    }
}
