package io.github.userimporter;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.userimporter.cluster.ClusterSettings;
import io.github.userimporter.mail.MailSettings;
import io.github.userimporter.sftp.SftpSettings;
import org.apache.camel.spi.PropertiesComponent;

/**
 * What the routes in {@code routes/} read, published once from the checked {@link Settings}: every {@code {{route.*}}}
 * placeholder, each value in one unit (durations in milliseconds). The routes read no setting of their own, so a
 * setting is parsed and checked in one place and flows one way, from the environment to the routes.
 */
final class RouteProperties {

    static final String PREFIX = "route.";

    private RouteProperties() {
    }

    /** @param once whether the run ends once the inbox is done ({@code --once}) */
    static Map<String, String> of(Settings settings, boolean once) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "site-retry-millis", String.valueOf(settings.siteRetryInterval().toMillis()));
        properties.put(PREFIX + "inbox", settings.folders().inbox().toString());
        properties.put(PREFIX + "outbox", settings.folders().outbox().toString());
        properties.put(PREFIX + "dry-run", String.valueOf(settings.dryRun()));
        properties.put(PREFIX + "leaver-action", settings.leavers().action().toString());
        MailSettings mail = settings.mail();
        properties.put(PREFIX + "mail.enabled", String.valueOf(mail != null));
        // Unused while mail is off, but the route is built all the same
        properties.put(PREFIX + "mail.uri", mail == null ? "smtp://localhost:25" : mail.uri());
        // A look at the queue folder costs little: a message goes out within a second of its import
        properties.put(PREFIX + "mail.poll-millis", String.valueOf(mail == null ? 60_000
                : Math.min(mail.retryInterval().toMillis(), 1_000)));
        properties.put(PREFIX + "settle-millis", String.valueOf(settings.inbox().settleTime().toMillis()));
        properties.put(PREFIX + "consumer-prefix", ClusterSettings.consumerPrefix(settings.cluster()));
        SftpSettings.routeProperties(settings.sftp(), settings.inbox().settleTime(), settings.inbox().doneMarker(),
                once).forEach((key, value) -> properties.put(PREFIX + key, value));
        return properties;
    }

    /** Publishes them to the routes, before the routes are built. */
    static void publish(Settings settings, boolean once, PropertiesComponent properties) {
        of(settings, once).forEach(properties::addOverrideProperty);
    }
}
