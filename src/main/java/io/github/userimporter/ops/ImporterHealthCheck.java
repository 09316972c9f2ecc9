package io.github.userimporter.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Ready when the importer can do its job: the inbox is watched, the outbox and state folder can be written, and the
 * site has accepted the credentials. Served at {@code /observe/health}; DOWN says what is wrong.
 */
public final class ImporterHealthCheck extends ReadinessCheck {

    private final Path inbox;
    private final Path outbox;
    private final Path state;
    private final BooleanSupplier siteAccepted;

    /** @param siteAccepted whether the site has accepted the credentials */
    public ImporterHealthCheck(Path inbox, Path outbox, Path state, BooleanSupplier siteAccepted) {
        super("importer");
        this.inbox = inbox;
        this.outbox = outbox;
        this.state = state;
        this.siteAccepted = siteAccepted;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        if (getCamelContext().getRouteController().getRouteStatus("import-file") != ServiceStatus.Started
                || !Files.isDirectory(inbox) || !Files.isReadable(inbox)) {
            problems.add("the inbox (IMPORTER_INBOX) is not watched");
        }
        writable(outbox, "the outbox (IMPORTER_OUTBOX)", problems);
        writable(state, "the state folder (IMPORTER_STATE)", problems);
        if (!siteAccepted.getAsBoolean()) {
            problems.add("the site has not accepted the credentials (see the Preflight log line)");
        }
        upUnless(builder, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** Names the setting rather than the path: Camel's health JSON would escape every slash in it. */
    private static void writable(Path folder, String name, List<String> problems) {
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            problems.add(name + " is not a writable folder");
        }
    }
}
