package io.github.userimporter.ops;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * {@code IMPORTER_MASK_EMAILS=true}: every log line, the importer's and its libraries', shows e-mail addresses as
 * {@code d*****n@bancly.com}, so logs shipped elsewhere carry no one's address. Wired in {@code log4j2.properties}.
 */
@Plugin(name = "MaskEmails", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class EmailMasking implements RewritePolicy {

    private static final Pattern EMAIL = Pattern.compile(
            "([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+)@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)+)");

    private final boolean enabled;

    private EmailMasking(boolean enabled) {
        this.enabled = enabled;
    }

    @PluginFactory
    public static EmailMasking create(@PluginAttribute("enabled") boolean enabled) {
        return new EmailMasking(enabled);
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        if (!enabled) {
            return event;
        }
        String message = event.getMessage().getFormattedMessage();
        String masked = mask(message);
        return masked.equals(message) ? event
                : new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(masked)).build();
    }

    /** Keeps the first and last character of each address's local part and its domain; hides the length too. */
    static String mask(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher address = EMAIL.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (address.find()) {
            String local = address.group(1);
            String shown = local.length() > 2 ? local.charAt(0) + "*****" + local.charAt(local.length() - 1)
                    : "*****";
            address.appendReplacement(masked, Matcher.quoteReplacement(shown + "@" + address.group(2)));
        }
        address.appendTail(masked);
        return masked.toString();
    }
}
