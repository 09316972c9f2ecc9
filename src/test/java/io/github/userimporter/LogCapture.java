package io.github.userimporter;

import java.io.StringWriter;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** The importer's log lines, as an operator would read them, captured while it is open. */
public final class LogCapture implements AutoCloseable {

    /** The root logger: the importer's lines and anything Camel or a library says. */
    private static final String LOGGER = LogManager.ROOT_LOGGER_NAME;

    private final StringWriter lines = new StringWriter();
    private final WriterAppender appender;

    public LogCapture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%level %msg%n").build(),
                null, lines, "capture", false, true);
        appender.start();
        configuration.getLoggerConfig(LOGGER).addAppender(appender, null, null);
        context.updateLoggers();
    }

    public String text() {
        synchronized (lines) {
            return lines.toString();
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getLoggerConfig(LOGGER).removeAppender("capture");
        context.updateLoggers();
        appender.stop();
    }
}
