package io.github.userimporter.ops;

import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Keeps every log event on one line: a line break or other control character in a message (a file whose name holds
 * one arrives over SFTP, a site answers with one) is shown as a backslash escape, so nobody can forge a log line or
 * send escape codes to an operator's terminal. Wired in {@code log4j2.properties} before
 * every other rewrite.
 */
@Plugin(name = "EscapeControlCharacters", category = Core.CATEGORY_NAME, elementType = "rewritePolicy",
        printObject = true)
public final class ControlCharacterEscaping implements RewritePolicy {

    @PluginFactory
    public static ControlCharacterEscaping create() {
        return new ControlCharacterEscaping();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        String escaped = escape(message);
        return escaped.equals(message) ? event
                : new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(escaped)).build();
    }

    /** The text with each control character but tab written as an escape sequence; the same text when it has none. */
    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(ControlCharacterEscaping::escaped)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (c == '\n') {
                shown.append("\\n");
            } else if (c == '\r') {
                shown.append("\\r");
            } else if (escaped(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }

    private static boolean escaped(int c) {
        return Character.isISOControl(c) && c != '\t';
    }
}
