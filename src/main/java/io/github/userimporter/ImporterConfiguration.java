package io.github.userimporter;

import java.beans.Introspector;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.github.userimporter.cluster.Leadership;
import io.github.userimporter.cluster.RoleHealthCheck;
import io.github.userimporter.imports.Import;
import io.github.userimporter.imports.ImportListener;
import io.github.userimporter.imports.Importer;
import io.github.userimporter.imports.Schedule;
import io.github.userimporter.inbox.FileInspector;
import io.github.userimporter.inbox.InboxFilter;
import io.github.userimporter.mail.MailHealthCheck;
import io.github.userimporter.mail.MailQueue;
import io.github.userimporter.mail.MailSettings;
import io.github.userimporter.ops.ImporterHealthCheck;
import io.github.userimporter.ops.ImporterMetrics;
import io.github.userimporter.pacing.SitePacing;
import io.github.userimporter.report.RecentReports;
import io.github.userimporter.roster.RosterSync;
import io.github.userimporter.rows.CsvDialect;
import io.github.userimporter.rows.RowReader;
import io.github.userimporter.rows.RowValidator;
import io.github.userimporter.sftp.InboxHandOver;
import io.github.userimporter.sftp.ResultsUpload;
import io.github.userimporter.sftp.SftpConnection;
import io.github.userimporter.sftp.SftpHealthCheck;
import io.github.userimporter.site.AccessRestoration;
import io.github.userimporter.site.AccountLookup;
import io.github.userimporter.site.ApiAccess;
import io.github.userimporter.site.GroupDirectory;
import io.github.userimporter.site.GroupMembership;
import io.github.userimporter.site.Offboarding;
import io.github.userimporter.site.Organization;
import io.github.userimporter.site.OutcomeClassifier;
import io.github.userimporter.site.Preflight;
import io.github.userimporter.site.RetryPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * Checks the settings, publishes what the routes read ({@link RouteProperties}) and binds the beans the routes call,
 * each under its class's name, one concern at a time. Runs before any route starts, so bad settings stop the importer
 * before it takes a file.
 */
public class ImporterConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Run run = context.getRegistry().lookupByNameAndType("run", Run.class);
        Settings settings = Settings.load(context.getPropertiesComponent());
        ManagementPort.checkFree(context.getPropertiesComponent());
        settings.folders().create();
        RouteProperties.publish(settings, run.options().once(), context.getPropertiesComponent());
        ImporterMetrics metrics = bind(context, new ImporterMetrics(meterRegistry(context.getRegistry())));
        ImportMail mail = mail(context, settings);
        Clock clock = context.getRegistry().lookupByNameAndType("clock", Clock.class);
        Preflight preflight = site(context, settings, metrics, clock, problem -> mail.alert("The site refused the "
                + "importer's credentials", problem));
        Leadership leadership = settings.cluster() == null ? null : leadership(context, settings, run, metrics);
        // With several instances, only the leader takes files: the master: consumer stops taking them only once
        // Camel hears that the leadership went, which can be later than this instance knows it
        InboxFilter inboxFilter = bind(context, new InboxFilter(run.options().once(), leadership == null
                ? preflight::passed : () -> preflight.passed() && leadership.isLeader(), settings.folders().inbox(),
                settings.inbox().doneMarker()));
        Importer importer = imports(context, settings, run, ImportListener.all(run, mail), inboxFilter, preflight,
                metrics, clock);
        SftpConnection sftp = settings.sftp() == null ? null : sftp(context, settings, metrics, problem -> mail.alert(
                "The SFTP server's host key was refused", problem));
        run.watching(settings, preflight, importer, inboxFilter, sftp, mail.queue());
        register(context, new ImporterHealthCheck(settings.folders().inbox(), settings.folders().outbox(),
                settings.folders().state(), preflight::passed));
        context.getManagementStrategy().addEventNotifier(new Lifecycle(context, settings, leadership, importer,
                new RecentReports(settings.folders().outbox())));
        if (run.options().demo()) {
            Demo.placeSample(settings.folders().inbox());
        }
    }

    /**
     * Each import's report, and the alerts a person must act on, by e-mail: queued in the state folder and sent by
     * the send-mail route through the smtp or smtps component, which holds the login (never a URI).
     */
    private static ImportMail mail(CamelContext context, Settings settings) {
        MailSettings mail = settings.mail();
        MailQueue queue = bind(context, new MailQueue(mail, settings.folders().state()));
        if (mail != null) {
            MailConfiguration configuration = context.getComponent(mail.protocol(), MailComponent.class)
                    .getConfiguration();
            if (!mail.user().isEmpty()) {
                configuration.setUsername(mail.user());
                configuration.setPassword(mail.password());
            }
            configuration.setAdditionalJavaMailProperties(mail.javaMailProperties());
            register(context, new MailHealthCheck(queue));
        }
        return new ImportMail(queue, settings.folders().inbox(), settings.folders().outbox());
    }

    /** The site: its credentials, the preflight, pacing, retries, and what its answers mean. */
    private static Preflight site(CamelContext context, Settings settings, ImporterMetrics metrics, Clock clock,
            Consumer<String> alerts) {
        String siteUrl = settings.site().url();
        Organization organization = settings.organization();
        bind(context, new ApiAccess(siteUrl, settings.site().credentials(), organization));
        Preflight preflight = bind(context, new Preflight(siteUrl, settings.site().credentials().email(),
                settings.dryRun(), organization, alerts));
        SitePacing pacing = bind(context, new SitePacing(settings.pacing().maxRate(), settings.pacing().concurrency(),
                metrics));
        bind(context, new RetryPolicy(settings.pacing().maxRetries(), pacing, metrics));
        Settings.Leavers leavers = settings.leavers();
        Offboarding offboarding = bind(context, new Offboarding(siteUrl, leavers.action(), leavers.protectedGroups(),
                leavers.protectedAccounts(), settings.site().credentials().email(), preflight::accountId,
                organization));
        OutcomeClassifier classifier = bind(context, new OutcomeClassifier(siteUrl, offboarding));
        bind(context, new GroupMembership(organization));
        bind(context, new AccountLookup());
        bind(context, new AccessRestoration(siteUrl));
        Set<String> rosterGroups = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        rosterGroups.addAll(leavers.managedGroups());
        rosterGroups.addAll(leavers.protectedGroups());
        bind(context, new GroupDirectory(siteUrl, settings.rows().defaultGroups(), rosterGroups, settings.dryRun()));
        bind(context, new RosterSync(leavers.managedGroups(), offboarding, classifier, settings.folders().outbox(),
                leavers.maxLeavers(), settings.dryRun(), clock));
        // Twice the requests out at once: a row writing its outcome to the journal (forced to disk) has given its
        // place among the requests back, and another row can take it meanwhile. One request at a time keeps one
        // thread, and so the file's order. Rows wait for a free thread rather than queueing up, so a large file is
        // read only as fast as it is posted.
        int rowThreads = pacing.maxInFlight() == 1 ? 1 : 2 * pacing.maxInFlight();
        context.getRegistry().bind("rowThreads", context.getExecutorServiceManager().newThreadPool(
                ImporterConfiguration.class, "rows", new ThreadPoolProfileBuilder("rows").poolSize(rowThreads)
                        .maxPoolSize(rowThreads).maxQueueSize(100).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                        .build()));
        return preflight;
    }

    /** The import of each file: its first pass, its rows, and the importer that journals and finishes it. */
    private static Importer imports(CamelContext context, Settings settings, Run run, ImportListener listener,
            InboxFilter inboxFilter, Preflight preflight, ImporterMetrics metrics, Clock clock) throws IOException {
        // A dry run changes nothing, and lists every leaver a real run would offboard
        bind(context, new FileInspector(settings.dryRun() ? -1 : settings.leavers().maxLeavers(),
                !settings.leavers().managedGroups().isEmpty(), settings.folders().state(), settings.mapping()));
        RowReader reader = bind(context, new RowReader());
        context.getRegistry().bind("commaSeparatedRows", CsvDialect.inputRows(',', reader));
        context.getRegistry().bind("semicolonSeparatedRows", CsvDialect.inputRows(';', reader));
        context.getRegistry().bind("succeededRecord", CsvDialect.outputRecord(CsvDialect.SUCCEEDED_COLUMNS));
        context.getRegistry().bind("failedRecord", CsvDialect.outputRecord(CsvDialect.FAILED_COLUMNS));
        bind(context, new RowValidator(settings.rows().defaultProducts(), settings.rows().allowedProducts(),
                settings.rows().defaultGroups(), settings.leavers().managedGroups()));
        Schedule schedule = bind(context, new Schedule(settings.folders().state(), settings.folders().inbox(),
                inboxFilter, clock, settings.dryRun()));
        Importer importer = bind(context, new Importer(settings.imports(run.options().once()), listener, inboxFilter,
                preflight, metrics, schedule));
        metrics.watchImports(() -> importer.inProgress().stream().mapToLong(current -> current.getInspection().rows())
                .sum(), () -> importer.inProgress().stream().mapToLong(Import::done).sum());
        importer.reportUnfinished();
        return importer;
    }

    /** The HR export over SFTP: fetched into the inbox, results uploaded back. */
    private static SftpConnection sftp(CamelContext context, Settings settings, ImporterMetrics metrics,
            Consumer<String> alerts) {
        SftpConnection connection = bind(context, new SftpConnection(settings.sftp(), metrics, alerts));
        bind(context, new InboxHandOver(settings.sftp(), settings.folders().inbox(), settings.inbox().doneMarker(),
                metrics));
        bind(context, new ResultsUpload());
        // Survives restarts, so that results are uploaded once
        context.getRegistry().bind("uploadedResults", FileIdempotentRepository.fileIdempotentRepository(
                settings.folders().state().resolve("sftp-uploaded.txt").toFile(), 10_000));
        register(context, new SftpHealthCheck(settings.sftp(), connection));
        return connection;
    }

    /** The election this instance stands in, with the file lock in the shared state folder or on ZooKeeper. */
    private static Leadership leadership(CamelContext context, Settings settings, Run run, ImporterMetrics metrics)
            throws Exception {
        if (run.options().once()) {
            throw new Settings.InvalidSettingsException(List.of("IMPORTER_CLUSTER is for daemons: a --once run "
                    + "would wait for a leadership it may never get; run --once without it"));
        }
        Leadership leadership = Leadership.join(context, settings.cluster(), settings.folders().state());
        metrics.watchRole(leadership::isLeader);
        register(context, new RoleHealthCheck(leadership));
        return leadership;
    }

    /** Binds a bean under its class's name, as the routes call it: {@code OutcomeClassifier} as outcomeClassifier. */
    static <T> T bind(CamelContext context, T bean) {
        context.getRegistry().bind(beanName(bean.getClass()), bean);
        return bean;
    }

    /** The name a bean of this class is bound under. */
    static String beanName(Class<?> type) {
        return Introspector.decapitalize(type.getSimpleName());
    }

    private static void register(CamelContext context, AbstractHealthCheck check) {
        check.setCamelContext(context);
        HealthCheckRegistry.get(context).register(check);
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
