package io.github.userimporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready when the importer can do its job: the inbox is watched, the outbox and state folder can be written, and the
 * site has accepted the credentials. Served at {@code /observe/health}; DOWN says what is wrong.
 */
final class ImporterHealthCheck extends AbstractHealthCheck {

    private final Settings settings;
    private final Preflight preflight;

    ImporterHealthCheck(Settings settings, Preflight preflight) {
        super("importer");
        this.settings = settings;
        this.preflight = preflight;
    }

    @Override
    public boolean isLiveness() {
        // A restart would not fix a refused token or a full outbox
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        if (getCamelContext().getRouteController().getRouteStatus("import-file") != ServiceStatus.Started
                || !Files.isDirectory(settings.inbox()) || !Files.isReadable(settings.inbox())) {
            problems.add("the inbox (IMPORTER_INBOX) is not watched");
        }
        writable(settings.outbox(), "the outbox (IMPORTER_OUTBOX)", problems);
        writable(settings.state(), "the state folder (IMPORTER_STATE)", problems);
        if (!preflight.passed()) {
            problems.add("the site has not accepted the credentials (see the Preflight log line)");
        }
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }

    /** Names the setting rather than the path: Camel's health JSON would escape every slash in it. */
    private static void writable(Path folder, String name, List<String> problems) {
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            problems.add(name + " is not a writable folder");
        }
    }
}
