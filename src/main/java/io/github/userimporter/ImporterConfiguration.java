package io.github.userimporter;

import java.util.List;

import io.github.userimporter.cluster.Leadership;
import io.github.userimporter.cluster.RoleHealthCheck;
import io.github.userimporter.imports.Import;
import io.github.userimporter.imports.Importer;
import io.github.userimporter.inbox.FileInspector;
import io.github.userimporter.inbox.InboxFilter;
import io.github.userimporter.ops.ImporterHealthCheck;
import io.github.userimporter.ops.ImporterMetrics;
import io.github.userimporter.pacing.SitePacing;
import io.github.userimporter.report.RecentReports;
import io.github.userimporter.rows.RowReader;
import io.github.userimporter.rows.RowValidator;
import io.github.userimporter.site.GroupDirectory;
import io.github.userimporter.site.OutcomeClassifier;
import io.github.userimporter.site.Preflight;
import io.github.userimporter.site.RetryPolicy;
import io.github.userimporter.sftp.InboxHandOver;
import io.github.userimporter.sftp.ResultsUpload;
import io.github.userimporter.sftp.SftpConnection;
import io.github.userimporter.sftp.SftpHealthCheck;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * Checks the settings and binds the beans the route refers to by name. Runs before any route starts, so bad settings
 * stop the importer before it takes a file.
 */
public class ImporterConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.load(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Run run = registry.lookupByNameAndType("run", Run.class);
        Preflight preflight = new Preflight(settings.siteUrl(), settings.email(), settings.dryRun());
        registry.bind("preflight", preflight);
        Leadership leadership = settings.cluster() == null ? null : leadership(context, settings, run);
        // With several instances, only the leader takes files: the master: consumer stops taking them only once
        // Camel hears that the leadership went, which can be later than this instance knows it
        InboxFilter inboxFilter = new InboxFilter(run.options().once(), leadership == null ? preflight::passed
                : () -> preflight.passed() && leadership.isLeader(), settings.inbox(), settings.doneMarker());
        registry.bind("settings", settings);
        registry.bind("inboxFilter", inboxFilter);
        registry.bind("rowReader", new RowReader());
        registry.bind("inspector", new FileInspector());
        registry.bind("rowValidator", new RowValidator(settings.defaultProducts(), settings.allowedProducts(),
                settings.defaultGroups()));
        registry.bind("groupDirectory", new GroupDirectory(settings.siteUrl(), settings.defaultGroups(),
                settings.dryRun()));
        ImporterMetrics metrics = new ImporterMetrics(meterRegistry(registry));
        registry.bind("metrics", metrics);
        SitePacing pacing = new SitePacing(settings.maxRate(), settings.concurrency(), metrics);
        registry.bind("sitePacing", pacing);
        registry.bind("retryPolicy", new RetryPolicy(settings.maxRetries(), pacing, metrics));
        registry.bind("outcomes", new OutcomeClassifier(settings.siteUrl()));
        // Twice the requests out at once: a row writing its outcome to the journal (forced to disk) has given its
        // place among the requests back, and another row can take it meanwhile. One request at a time keeps one
        // thread, and so the file's order. Rows wait for a free thread rather than queueing up, so a large file is
        // read only as fast as it is posted.
        int rowThreads = pacing.maxInFlight() == 1 ? 1 : 2 * pacing.maxInFlight();
        registry.bind("rowThreads", context.getExecutorServiceManager().newThreadPool(this, "rows",
                new ThreadPoolProfileBuilder("rows").poolSize(rowThreads).maxPoolSize(rowThreads).maxQueueSize(100)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build()));
        Importer importer = new Importer(settings.imports(run.options().once()), run, inboxFilter, preflight, metrics);
        registry.bind("importer", importer);
        run.watching(settings, preflight, importer, inboxFilter);
        metrics.watchImports(() -> importer.inProgress().stream().mapToLong(current -> current.getInspection().rows())
                .sum(), () -> importer.inProgress().stream().mapToLong(Import::done).sum());
        importer.reportUnfinished();
        ImporterHealthCheck health = new ImporterHealthCheck(settings.inbox(), settings.outbox(), settings.state(),
                preflight::passed);
        health.setCamelContext(context);
        HealthCheckRegistry.get(context).register(health);
        if (settings.sftp() != null) {
            SftpConnection connection = new SftpConnection(settings.sftp(), metrics);
            registry.bind("sftpConnection", connection);
            run.fetchingFrom(connection);
            if (run.options().once()) {
                // The run waits for its results to be uploaded: they are looked for often, not at the poll interval
                context.getPropertiesComponent().addOverrideProperty("importer.sftp.endpoint.upload-millis", "500");
            }
            registry.bind("inboxHandOver", new InboxHandOver(settings.sftp(), settings.inbox(), settings.doneMarker(),
                    metrics));
            registry.bind("resultsUpload", new ResultsUpload());
            // Survives restarts, so that results are uploaded once
            registry.bind("uploadedResults", FileIdempotentRepository.fileIdempotentRepository(
                    settings.state().resolve("sftp-uploaded.txt").toFile(), 10_000));
            SftpHealthCheck sftpHealth = new SftpHealthCheck(settings.sftp(), connection);
            sftpHealth.setCamelContext(context);
            HealthCheckRegistry.get(context).register(sftpHealth);
        }
        if (leadership != null) {
            metrics.watchRole(leadership::isLeader);
            RoleHealthCheck role = new RoleHealthCheck(leadership);
            role.setCamelContext(context);
            HealthCheckRegistry.get(context).register(role);
        }
        RecentReports reports = new RecentReports(settings.outbox());
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    // The cluster service has started: its view can be followed now
                    if (leadership != null) {
                        watchLeadership(leadership, importer);
                    }
                    // The management server is up: the reports join its health and metrics
                    ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
                    if (management != null) {
                        reports.serveOn(management.getRouter());
                    }
                }
                // Before Camel waits for the imports in progress to complete, they must stop reading rows
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    importer.pauseAll();
                }
            }
        });
        if (run.options().demo()) {
            Demo.placeSample(settings.inbox());
        }
    }

    /** The election this instance stands in, with the file lock in the shared state folder or on ZooKeeper. */
    private static Leadership leadership(CamelContext context, Settings settings, Run run) throws Exception {
        if (run.options().once()) {
            throw new Settings.InvalidSettingsException(List.of("IMPORTER_CLUSTER is for daemons: a --once run "
                    + "would wait for a leadership it may never get; run --once without it"));
        }
        return Leadership.join(context, settings.cluster(), settings.state());
    }

    private static void watchLeadership(Leadership leadership, Importer importer) {
        try {
            leadership.watch(importer::handOver);
        } catch (Exception e) {
            throw new IllegalStateException("cannot join the leader election", e);
        }
    }

    /** The registry Camel serves at {@code /observe/metrics}: Camel's if it made one already, else ours for it to use. */
    private static PrometheusMeterRegistry meterRegistry(Registry registry) {
        PrometheusMeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }
}
