package io.github.userimporter;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
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
        Preflight preflight = new Preflight(settings.siteUrl(), settings.dryRun());
        run.checkedBy(preflight);
        registry.bind("preflight", preflight);
        InboxFilter inboxFilter = new InboxFilter(run, preflight, settings.inbox(), settings.doneMarker());
        registry.bind("settings", settings);
        registry.bind("inboxFilter", inboxFilter);
        registry.bind("rowReader", new RowReader());
        registry.bind("inspector", new FileInspector());
        registry.bind("rowValidator", new RowValidator(settings.defaultProducts(), settings.allowedProducts()));
        RequestPacer pacer = new RequestPacer(settings.maxRate());
        registry.bind("pacer", pacer);
        registry.bind("retryPolicy", new RetryPolicy(settings.maxRetries(), pacer));
        registry.bind("outcomes", new OutcomeClassifier(settings.siteUrl(), pacer));
        // Rows wait for a free thread rather than queueing up, so a large file is read only as fast as it is posted
        registry.bind("rowThreads", context.getExecutorServiceManager().newThreadPool(this, "rows",
                new ThreadPoolProfileBuilder("rows").poolSize(settings.concurrency())
                        .maxPoolSize(settings.concurrency()).maxQueueSize(100)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build()));
        Importer importer = new Importer(settings, run, inboxFilter);
        registry.bind("importer", importer);
        // Before Camel waits for the imports in progress to complete, they must stop reading rows
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    importer.pauseAll();
                }
            }
        });
        if (run.isDemo()) {
            Demo.placeSample(settings.inbox());
        }
    }
}
