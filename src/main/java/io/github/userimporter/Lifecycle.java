package io.github.userimporter;

import io.github.userimporter.cluster.Leadership;
import io.github.userimporter.imports.Importer;
import io.github.userimporter.report.RecentReports;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens as Camel starts and stops. Once started, the cluster service's view is followed, the reports join
 * health and metrics on the management server, and the operator is told in one line what runs and where everything
 * is; as it stops, the imports in progress stop reading rows before Camel waits for them, and the operator hears the
 * stop begin and end.
 */
final class Lifecycle extends SimpleEventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final CamelContext context;
    private final Settings settings;
    private final Leadership leadership;
    private final Importer importer;
    private final RecentReports reports;

    /** @param leadership this instance's role among several; null for a single instance */
    Lifecycle(CamelContext context, Settings settings, Leadership leadership, Importer importer,
            RecentReports reports) {
        this.context = context;
        this.settings = settings;
        this.leadership = leadership;
        this.importer = importer;
        this.reports = reports;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.CamelContextStartedEvent) {
            started();
        } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
            int inProgress = importer.inProgress().size();
            LOG.info("Stopping: {}", inProgress == 0 ? "no import in progress" : inProgress + " import(s) in "
                    + "progress read no further rows; rows in flight finish, and the next start resumes");
            importer.pauseAll();
        } else if (event instanceof CamelEvent.CamelContextStoppedEvent) {
            LOG.info("Stopped");
        }
    }

    private void started() {
        if (leadership != null) {
            try {
                leadership.watch(importer::handOver);
            } catch (Exception e) {
                throw new IllegalStateException("cannot join the leader election", e);
            }
        }
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management != null) {
            reports.serveOn(management.getRouter());
        }
        LOG.info("atlassian-user-importer {} started: site {}, inbox {}, outbox {}, state {}; {}", version(),
                settings.site().url(), settings.folders().inbox().toAbsolutePath(),
                settings.folders().outbox().toAbsolutePath(), settings.folders().state().toAbsolutePath(),
                management == null ? "no health, metrics or reports (camel.management.enabled=false)"
                        : served(management));
    }

    private static String served(ManagementHttpServer management) {
        String base = "http://" + management.getHost() + ":" + (management.getPort() == 0 ? "<any free port>"
                : String.valueOf(management.getPort()));
        return "health " + base + "/observe/health, metrics " + base + "/observe/metrics, reports " + base
                + RecentReports.PATH;
    }

    /** The version in the jar's manifest; {@code dev} when run from the sources. */
    private static String version() {
        String version = Lifecycle.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
